import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';

export interface AuthorRecipient {
	id: string;
	email: string;
	identityId: string;
}

const selectRecipients = prepareQuery((db, _p: Record<string, never>) =>
	db.selectFrom('authors').select(['id', 'email', 'identity_id']).orderBy('id')
);

/** Every author of the site: they moderate, so each is told about new comments. */
export async function listAuthorRecipients(db: Db): Promise<AuthorRecipient[]> {
	const { rows } = await selectRecipients(db, {});
	return rows.map((r) => ({ id: r.id, email: r.email, identityId: r.identity_id }));
}
