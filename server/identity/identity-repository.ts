import type { Db } from '../db/database.ts';
import type { IdentityRow } from '../db/schema.ts';

export async function insertIdentity(db: Db, row: IdentityRow): Promise<void> {
	await db.insertInto('identities').values(row).execute();
}

export async function findIdentityById(db: Db, id: string): Promise<IdentityRow | undefined> {
	return db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateIdentity(
	db: Db,
	id: string,
	changes: Partial<Omit<IdentityRow, 'id'>>
): Promise<void> {
	await db.updateTable('identities').set(changes).where('id', '=', id).execute();
}
