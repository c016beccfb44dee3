import type { AppContext } from '../context/app-context.ts';
import type { Db } from '../db/database.ts';
import type { CommentRow } from '../db/schema.ts';
import { findIdentityById } from '../identity/identity-repository.ts';
import { listAuthorRecipients } from './author-recipients.ts';
import { isOptedOut, loadAuthorSettings, removeThreadOptOut } from './mail-preferences.ts';
import { mailOrigin } from './mail-origin.ts';
import { countRecentMails, insertOutbox, recipientKey } from './outbox-repository.ts';

const HOUR_MS = 3600_000;
/** Verification mails are limited too: one at a time, one an hour, three a day per address. */
const VERIFY_PER_DAY = 3;

/**
 * Called inside the transaction that writes a comment: the mails it causes are queued with it,
 * or not at all if that transaction rolls back.
 */
export async function enqueueCommentMails(
	trx: Db,
	ctx: AppContext,
	row: CommentRow,
	now = new Date()
): Promise<void> {
	await enqueueAuthorAlerts(trx, ctx, row, now);
	if (row.status === 'published') await enqueueReplyMails(trx, ctx, row, now);
	if (row.notify === 1) await askForReplies(trx, ctx, row, now);
}

/** Called inside the transaction that approves a held comment: its replies become news. */
export async function enqueueApprovalMails(
	trx: Db,
	ctx: AppContext,
	row: CommentRow,
	now = new Date()
): Promise<void> {
	if (row.status === 'published') await enqueueReplyMails(trx, ctx, row, now);
}

/**
 * The author's alert about a new or held comment; also called inside the transaction that
 * sends a published comment back to moderation (an edit the policy holds, reports).
 */
export async function enqueueAuthorAlerts(
	trx: Db,
	ctx: AppContext,
	row: CommentRow,
	now = new Date()
) {
	if (row.status !== 'published' && row.status !== 'held') return;
	for (const author of await listAuthorRecipients(trx)) {
		if (author.identityId === row.identity_id) continue;
		const settings = await loadAuthorSettings(trx, author.id);
		if (settings.notify === 'none') continue;
		if (settings.notify === 'held' && row.status !== 'held') continue;
		await insertOutbox(trx, {
			kind: 'author-comment',
			to_address: author.email,
			identity_id: null,
			author_id: author.id,
			article_slug: row.article_slug,
			payload: JSON.stringify({ commentId: row.id }),
			group_key: `author:${author.id}`,
			dedupe_key: `author-comment:${author.id}:${row.id}:${row.status}`,
			origin: mailOrigin(ctx.config),
			next_attempt_at: now.toISOString(),
			created_at: now.toISOString()
		});
	}
}

/** The people this published reply answers, if they asked to be told and proved their address. */
async function enqueueReplyMails(trx: Db, ctx: AppContext, row: CommentRow, now: Date) {
	// The comment answered: at the deepest level a reply sits beside it (parent_id is the
	// comment above, whose writer nobody answered) and names it in reply_to_id.
	const targetId = row.reply_to_id ?? row.parent_id;
	if (targetId === null) return;
	const target = await trx
		.selectFrom('comments')
		.select(['identity_id', 'notify', 'status'])
		.where('id', '=', targetId)
		.executeTakeFirst();
	if (!target || target.notify !== 1 || target.status !== 'published') return;
	if (target.identity_id === row.identity_id) return;
	const identity = await findIdentityById(trx, target.identity_id);
	if (!identity?.email || identity.email_verified !== 1 || identity.banned === 1) return;
	if (await isOptedOut(trx, identity.email, row.article_slug)) return;
	const due = new Date(now.getTime() + ctx.config.MAIL_REPLY_GROUP_SECONDS * 1000);
	await insertOutbox(trx, {
		kind: 'reply',
		to_address: identity.email,
		identity_id: identity.id,
		author_id: null,
		article_slug: row.article_slug,
		payload: JSON.stringify({ commentId: row.id }),
		group_key: `reply:${identity.id}:${row.article_slug}`,
		dedupe_key: `reply:${identity.id}:${row.id}`,
		origin: mailOrigin(ctx.config),
		next_attempt_at: due.toISOString(),
		created_at: now.toISOString()
	});
}

/**
 * "Me prévenir des réponses". A proven address that had left this thread asks again: it is
 * back in. An unproven one gets the double opt-in mail first.
 */
async function askForReplies(trx: Db, ctx: AppContext, row: CommentRow, now: Date) {
	const identity = await findIdentityById(trx, row.identity_id);
	if (!identity?.email) return;
	if (identity.email_verified === 1) {
		await removeThreadOptOut(trx, identity.email, row.article_slug);
		return;
	}
	if (await isOptedOut(trx, identity.email, null)) return;
	const key = recipientKey(identity.email);
	const day = await countRecentMails(
		trx,
		'verify-email',
		key,
		new Date(now.getTime() - 24 * HOUR_MS)
	);
	if (day.total >= VERIFY_PER_DAY || day.waiting > 0) return;
	const hour = await countRecentMails(trx, 'verify-email', key, new Date(now.getTime() - HOUR_MS));
	if (hour.total > 0) return;
	await insertOutbox(trx, {
		kind: 'verify-email',
		to_address: identity.email,
		identity_id: identity.id,
		author_id: null,
		article_slug: row.article_slug,
		payload: JSON.stringify({ commentId: row.id }),
		group_key: null,
		dedupe_key: null,
		origin: mailOrigin(ctx.config),
		next_attempt_at: now.toISOString(),
		created_at: now.toISOString()
	});
}
