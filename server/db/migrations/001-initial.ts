import type { Kysely } from 'kysely';
import type { DbKind } from '../database.ts';

export async function up(db: Kysely<unknown>, kind: DbKind): Promise<void> {
	await db.schema
		.createTable('articles')
		.addColumn('slug', 'text', (c) => c.primaryKey())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('last_event_id', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('identities')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) => c.notNull().defaultTo('reader'))
		.addColumn('name', 'text')
		.addColumn('email', 'text')
		.addColumn('website', 'text')
		.addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('banned', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('secret_hash', 'text', (c) => c.notNull())
		.addColumn('identity_id', 'text', (c) =>
			c.notNull().references('identities.id').onDelete('cascade')
		)
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_identity').on('sessions').column('identity_id').execute();

	await db.schema
		.createTable('comments')
		.addColumn('id', kind === 'postgres' ? 'serial' : 'integer', (c) =>
			kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
		)
		.addColumn('article_slug', 'text', (c) => c.notNull().references('articles.slug'))
		.addColumn('root_id', 'integer', (c) => c.references('comments.id'))
		.addColumn('parent_id', 'integer', (c) => c.references('comments.id'))
		.addColumn('reply_to_id', 'integer', (c) => c.references('comments.id'))
		.addColumn('depth', 'integer', (c) => c.notNull())
		.addColumn('identity_id', 'text', (c) => c.notNull().references('identities.id'))
		.addColumn('author_name', 'text', (c) => c.notNull())
		.addColumn('author_website', 'text')
		.addColumn('is_author', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('notify', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('idempotency_key', 'text', (c) => c.notNull())
		.addColumn('ip_hash', 'text')
		.addColumn('reaction_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('edited_at', 'text')
		.addColumn('edited_by_author', 'integer', (c) => c.notNull().defaultTo(0))
		.addUniqueConstraint('comments_idempotency', ['identity_id', 'idempotency_key'])
		.execute();
	await db.schema
		.createIndex('comments_article_root')
		.on('comments')
		.columns(['article_slug', 'root_id', 'status'])
		.execute();
	await db.schema
		.createIndex('comments_identity')
		.on('comments')
		.columns(['identity_id', 'created_at'])
		.execute();

	await db.schema
		.createTable('reactions')
		.addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id'))
		.addColumn('identity_id', 'text', (c) => c.notNull().references('identities.id'))
		.addColumn('emoji', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('reactions_pk', ['comment_id', 'identity_id', 'emoji'])
		.execute();

	await db.schema
		.createTable('events')
		.addColumn('article_slug', 'text', (c) => c.notNull().references('articles.slug'))
		.addColumn('id', 'integer', (c) => c.notNull())
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('comment_id', 'integer')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('events_pk', ['article_slug', 'id'])
		.execute();
}
