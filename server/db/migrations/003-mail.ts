import type { Kysely } from 'kysely';
import type { DbKind } from '../database.ts';

/** Notification e-mails: the transactional outbox, used tokens, opt-outs, author settings. */
export async function up(db: Kysely<unknown>, kind: DbKind): Promise<void> {
	await db.schema
		.createTable('outbox')
		.addColumn('id', kind === 'postgres' ? 'serial' : 'integer', (c) =>
			kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()
		)
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('to_address', 'text', (c) => c.notNull())
		.addColumn('recipient_key', 'text', (c) => c.notNull())
		.addColumn('identity_id', 'text')
		.addColumn('author_id', 'text')
		.addColumn('article_slug', 'text')
		.addColumn('payload', 'text', (c) => c.notNull())
		.addColumn('group_key', 'text')
		.addColumn('dedupe_key', 'text', (c) => c.unique())
		.addColumn('origin', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', 'text', (c) => c.notNull())
		.addColumn('claimed_until', 'text')
		.addColumn('claimed_by', 'text')
		.addColumn('merged_into', 'integer')
		.addColumn('last_error', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'text')
		.execute();
	await db.schema
		.createIndex('outbox_due')
		.on('outbox')
		.columns(['status', 'next_attempt_at'])
		.execute();
	await db.schema
		.createIndex('outbox_group')
		.on('outbox')
		.columns(['group_key', 'status'])
		.execute();
	await db.schema
		.createIndex('outbox_recipient')
		.on('outbox')
		.columns(['recipient_key', 'status', 'sent_at'])
		.execute();
	await db.schema.createIndex('outbox_merged').on('outbox').column('merged_into').execute();

	await db.schema
		.createTable('mail_used_tokens')
		.addColumn('jti', 'text', (c) => c.primaryKey())
		.addColumn('used_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();

	// article_slug '' means every mail to that address.
	await db.schema
		.createTable('mail_opt_outs')
		.addColumn('address', 'text', (c) => c.notNull())
		.addColumn('article_slug', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('mail_opt_outs_pk', ['address', 'article_slug'])
		.execute();

	await db.schema
		.createTable('author_mail_settings')
		.addColumn('author_id', 'text', (c) => c.primaryKey())
		.addColumn('notify', 'text', (c) => c.notNull().defaultTo('every'))
		.addColumn('digest', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
}
