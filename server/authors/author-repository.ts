import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { AuthorRow } from '../db/schema.ts';

export async function insertAuthor(db: Db, row: AuthorRow): Promise<void> {
	await db.insertInto('authors').values(row).execute();
}

export async function findAuthorByEmail(db: Db, email: string): Promise<AuthorRow | undefined> {
	return db
		.selectFrom('authors')
		.selectAll()
		.where('email', '=', email.toLowerCase())
		.executeTakeFirst();
}

export async function findAuthorById(db: Db, id: string): Promise<AuthorRow | undefined> {
	return db.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();
}

const selectByIdentity = prepareQuery((db, p: { identityId: string }) =>
	db.selectFrom('authors').selectAll().where('identity_id', '=', p.identityId)
);

export async function findAuthorByIdentityId(
	db: Db,
	identityId: string | null
): Promise<AuthorRow | undefined> {
	if (!identityId) return undefined;
	return (await selectByIdentity(db, { identityId })).rows[0];
}

/**
 * Whether an identity is the author's, decided one way on the whole server: by the `authors`
 * table, the account that signs in and moderates. `identities.kind` is only a label written
 * when the account is made; nothing decides on it.
 */
export async function isAuthorIdentity(db: Db, identityId: string | null): Promise<boolean> {
	return (await findAuthorByIdentityId(db, identityId)) !== undefined;
}

export async function updateAuthorPassword(
	db: Db,
	id: string,
	passwordHash: string,
	now: string
): Promise<void> {
	await db
		.updateTable('authors')
		.set({ password_hash: passwordHash, updated_at: now })
		.where('id', '=', id)
		.execute();
}

export async function countAuthors(db: Db): Promise<number> {
	const row = await db
		.selectFrom('authors')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
