import { sql, type Kysely } from 'kysely';
import type { DbKind } from '../database.ts';

/**
 * Reactions counted per comment and emoji, kept up to date by each toggle, so a toggle or a
 * page reads a few rows by key instead of counting every reaction of the comment. Backfilled.
 */
export async function up(db: Kysely<unknown>, kind: DbKind): Promise<void> {
	await db.schema
		.createTable('reaction_counts')
		.addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id'))
		.addColumn('emoji', 'text', (c) => c.notNull())
		.addColumn('total', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('reaction_counts_pk', ['comment_id', 'emoji'])
		// SQLite: the rows live in the key's own b-tree, one lookup and one page per change.
		.$call((t) => (kind === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
		.execute();
	await sql`
		insert into reaction_counts (comment_id, emoji, total)
		select comment_id, emoji, count(*) from reactions group by comment_id, emoji
	`.execute(db);
}
