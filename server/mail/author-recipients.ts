import type { Db } from '../db/database.ts';

export interface AuthorRecipient {
	id: string;
	email: string;
	identityId: string;
}

/** Every author of the site: they moderate, so each is told about new comments. */
export async function listAuthorRecipients(db: Db): Promise<AuthorRecipient[]> {
	const rows = await db
		.selectFrom('authors')
		.select(['id', 'email', 'identity_id'])
		.orderBy('id')
		.execute();
	return rows.map((r) => ({ id: r.id, email: r.email, identityId: r.identity_id }));
}
