import type { Kysely } from 'kysely';
import type { DbKind } from '../database.ts';

/** Author accounts, bans, reports, moderation settings and the audit log. */
export async function up(db: Kysely<unknown>, kind: DbKind): Promise<void> {
	const serial = (table: ReturnType<typeof db.schema.createTable>) =>
		table.addColumn('id', kind === 'postgres' ? 'serial' : 'integer', (c) =>
			kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
		);

	await db.schema.alterTable('comments').addColumn('held_reason', 'text').execute();
	await db.schema.createIndex('comments_status').on('comments').column('status').execute();

	// Events about held comments, for their writer and the author only. They take no id of
	// their own in the article's public sequence, which readers follow without gaps.
	await serial(db.schema.createTable('private_events'))
		.addColumn('article_slug', 'text', (c) => c.notNull().references('articles.slug'))
		.addColumn('after_event_id', 'integer', (c) => c.notNull())
		.addColumn('identity_id', 'text', (c) => c.notNull())
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('comment_id', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('private_events_since')
		.on('private_events')
		.columns(['article_slug', 'after_event_id'])
		.execute();

	await db.schema
		.createTable('authors')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('identity_id', 'text', (c) =>
			c.notNull().unique().references('identities.id').onDelete('cascade')
		)
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await serial(db.schema.createTable('bans'))
		.addColumn('identity_id', 'text')
		.addColumn('ip_hash', 'text')
		.addColumn('author_id', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('bans_identity').on('bans').column('identity_id').execute();
	await db.schema.createIndex('bans_ip').on('bans').column('ip_hash').execute();

	await db.schema
		.createTable('reports')
		.addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id'))
		.addColumn('identity_id', 'text', (c) => c.notNull().references('identities.id'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('ip_hash', 'text')
		.addColumn('resolved', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('reports_pk', ['comment_id', 'identity_id'])
		.execute();
	await db.schema
		.createIndex('reports_open')
		.on('reports')
		.columns(['resolved', 'comment_id'])
		.execute();

	await db.schema
		.createTable('moderation_settings')
		.addColumn('scope', 'text', (c) => c.primaryKey())
		.addColumn('data', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await serial(db.schema.createTable('audit_log'))
		.addColumn('author_id', 'text')
		.addColumn('via', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('comment_id', 'integer')
		.addColumn('article_slug', 'text')
		.addColumn('identity_id', 'text')
		.addColumn('detail', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('audit_log_time').on('audit_log').column('created_at').execute();
}
