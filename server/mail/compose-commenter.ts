import type { OutboxRow } from '../db/schema.ts';
import { findCommentsByIds } from '../comments/comment-repository.ts';
import { findIdentityById } from '../identity/identity-repository.ts';
import {
	articleTitle,
	carriedCommentIds,
	linkTo,
	unsubscribeUrl,
	type ComposeDeps
} from './compose-helpers.ts';
import { isOptedOut } from '../outbox/mail-preferences.ts';
import { createMailToken, expiryFromNow } from './mail-tokens.ts';
import { recipientKey } from '../outbox/outbox-repository.ts';
import {
	renderReplyMail,
	renderVerifyMail,
	type RenderedMail,
	type ReplyView
} from './templates/commenter-mails.ts';

/** The identity this row was queued for, if it still owns the address the row was queued to. */
async function recipientIdentity(deps: ComposeDeps, row: OutboxRow) {
	if (!row.identity_id) return undefined;
	const identity = await findIdentityById(deps.db, row.identity_id);
	if (!identity?.email || recipientKey(identity.email) !== row.recipient_key) return undefined;
	return identity;
}

export async function composeVerifyMail(
	deps: ComposeDeps,
	row: OutboxRow
): Promise<RenderedMail | string> {
	const identity = await recipientIdentity(deps, row);
	if (!identity) return 'address changed';
	if (identity.email_verified === 1) return 'already verified';
	if (await isOptedOut(deps.db, row.to_address, null)) return 'opted out';
	const token = createMailToken(deps.config.tokenSecret, { p: 'v', o: row.id, x: expiryFromNow() });
	return renderVerifyMail({
		name: identity.name ?? '',
		articleTitle: row.article_slug ? articleTitle(deps, row.article_slug) : 'Fil',
		confirmUrl: linkTo(row, '/e-mail/verification', token)
	});
}

export async function composeReplyMail(
	deps: ComposeDeps,
	row: OutboxRow
): Promise<RenderedMail | string> {
	const identity = await recipientIdentity(deps, row);
	// Never anything but the verification mail to an address not proven by its owner.
	if (!identity || identity.email_verified !== 1) return 'unverified';
	if (identity.banned === 1) return 'banned';
	if (!row.article_slug || (await isOptedOut(deps.db, row.to_address, row.article_slug))) {
		return 'opted out';
	}
	const replies = (await findCommentsByIds(deps.db, await carriedCommentIds(deps.db, row)))
		.filter((c) => c.status === 'published' && c.identity_id !== identity.id)
		.sort((a, b) => a.id - b.id);
	if (replies.length === 0) return 'no reply left';
	const targetIds = replies.flatMap((r) => [r.parent_id, r.reply_to_id]);
	const targets = await findCommentsByIds(
		deps.db,
		targetIds.filter((id): id is number => id !== null)
	);
	const own = new Map(targets.filter((t) => t.identity_id === identity.id).map((t) => [t.id, t]));
	const slug = row.article_slug;
	const views: ReplyView[] = replies.map((r) => {
		const answered = own.get(r.reply_to_id ?? -1) ?? own.get(r.parent_id ?? -1);
		return {
			authorName: r.author_name,
			body: r.body,
			url: linkTo(row, `/articles/${slug}#comment-${r.id}`),
			answers: answered?.body ?? ''
		};
	});
	return renderReplyMail({
		name: identity.name ?? '',
		articleTitle: articleTitle(deps, slug),
		articleUrl: linkTo(row, `/articles/${slug}`),
		replies: views,
		unsubscribeUrl: unsubscribeUrl(deps, row)
	});
}
