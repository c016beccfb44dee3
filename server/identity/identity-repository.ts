import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { IdentityRow } from '../db/schema.ts';

export async function insertIdentity(db: Db, row: IdentityRow): Promise<void> {
	await db.insertInto('identities').values(row).execute();
}

const selectById = prepareQuery((db, p: { id: string }) =>
	db.selectFrom('identities').selectAll().where('id', '=', p.id)
);

export async function findIdentityById(db: Db, id: string): Promise<IdentityRow | undefined> {
	return (await selectById(db, { id })).rows[0];
}

export async function updateIdentity(
	db: Db,
	id: string,
	changes: Partial<Omit<IdentityRow, 'id'>>
): Promise<void> {
	await db.updateTable('identities').set(changes).where('id', '=', id).execute();
}
