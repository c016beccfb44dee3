import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { AuthorNotify } from '../db/schema.ts';
import { recipientKey } from './outbox-repository.ts';

/** '' stands for "every thread": one row silences the address everywhere. */
export const ALL_THREADS = '';

export async function isOptedOut(db: Db, address: string, slug: string | null): Promise<boolean> {
	const slugs = slug ? [ALL_THREADS, slug] : [ALL_THREADS];
	const row = await db
		.selectFrom('mail_opt_outs')
		.select('address')
		.where('address', '=', recipientKey(address))
		.where('article_slug', 'in', slugs)
		.executeTakeFirst();
	return row !== undefined;
}

export async function addOptOut(db: Db, address: string, slug: string, now: Date): Promise<void> {
	await db
		.insertInto('mail_opt_outs')
		.values({ address: recipientKey(address), article_slug: slug, created_at: now.toISOString() })
		.onConflict((oc) => oc.columns(['address', 'article_slug']).doNothing())
		.execute();
}

/** Only the thread's own opt-out: "everything" stays until the owner says otherwise. */
export async function removeThreadOptOut(db: Db, address: string, slug: string): Promise<void> {
	await db
		.deleteFrom('mail_opt_outs')
		.where('address', '=', recipientKey(address))
		.where('article_slug', '=', slug)
		.execute();
}

/** Marks a single-use token spent; false when it already was. */
export async function spendToken(
	db: Db,
	jti: string,
	expiresAtSeconds: number,
	now: Date
): Promise<boolean> {
	const result = await db
		.insertInto('mail_used_tokens')
		.values({
			jti,
			used_at: now.toISOString(),
			expires_at: new Date(expiresAtSeconds * 1000).toISOString()
		})
		.onConflict((oc) => oc.column('jti').doNothing())
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Spent tokens past their expiry can no longer be presented: their ids need not be kept. */
export async function purgeExpiredTokens(db: Db, now: Date): Promise<void> {
	await db.deleteFrom('mail_used_tokens').where('expires_at', '<', now.toISOString()).execute();
}

export async function isTokenSpent(db: Db, jti: string): Promise<boolean> {
	const row = await db
		.selectFrom('mail_used_tokens')
		.select('jti')
		.where('jti', '=', jti)
		.executeTakeFirst();
	return row !== undefined;
}

export interface AuthorMailSettings {
	notify: AuthorNotify;
	digest: boolean;
}

export const DEFAULT_AUTHOR_SETTINGS: AuthorMailSettings = { notify: 'every', digest: false };

const selectAuthorSettings = prepareQuery((db, p: { authorId: string }) =>
	db.selectFrom('author_mail_settings').selectAll().where('author_id', '=', p.authorId)
);

export async function loadAuthorSettings(db: Db, authorId: string): Promise<AuthorMailSettings> {
	const [row] = (await selectAuthorSettings(db, { authorId })).rows;
	return row ? { notify: row.notify, digest: row.digest === 1 } : DEFAULT_AUTHOR_SETTINGS;
}

export async function saveAuthorSettings(
	db: Db,
	authorId: string,
	settings: AuthorMailSettings,
	now: Date
): Promise<void> {
	const values = {
		notify: settings.notify,
		digest: settings.digest ? 1 : 0,
		updated_at: now.toISOString()
	};
	await db
		.insertInto('author_mail_settings')
		.values({ author_id: authorId, ...values })
		.onConflict((oc) => oc.column('author_id').doUpdateSet(values))
		.execute();
}
