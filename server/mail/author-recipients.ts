import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface AuthorRecipient {
	id: string;
	email: string;
	identityId: string | null;
}

// TEMPORARY until the moderation branch (authors table) is merged.
async function hasAuthorsTable(db: Db): Promise<boolean> {
	const tables = await db.introspection.getTables();
	return tables.some((t) => t.name === 'authors');
}

/** Every author of the site: they moderate, so each is told about new comments. */
export async function listAuthorRecipients(db: Db): Promise<AuthorRecipient[]> {
	if (!(await hasAuthorsTable(db))) return [];
	const result = await sql<{ id: string | number; email: string; identity_id: string | null }>`
		select id, email, identity_id from authors order by id
	`.execute(db);
	return result.rows.map((r) => ({
		id: String(r.id),
		email: r.email,
		identityId: r.identity_id
	}));
}
