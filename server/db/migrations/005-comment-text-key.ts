import type { Kysely } from 'kysely';

/**
 * A key of each comment's text as the duplicate check compares it (see textKey), indexed with
 * its writer: the check is one lookup instead of reading every comment the writer made in the
 * last ten minutes. Rows written before have none: the check looks ten minutes back only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('comments').addColumn('text_key', 'text').execute();
	await db.schema
		.createIndex('comments_identity_text')
		.on('comments')
		.columns(['identity_id', 'text_key'])
		.execute();
}
