import type { AppContext } from '../context/app-context.ts';
import type { OutboxRow } from '../db/schema.ts';
import { findIdentityById, updateIdentity } from '../identity/identity-repository.ts';
import {
	addOptOut,
	ALL_THREADS,
	loadAuthorSettings,
	saveAuthorSettings
} from '../outbox/mail-preferences.ts';
import { readMailToken } from './mail-tokens.ts';
import { findOutboxById, recipientKey } from '../outbox/outbox-repository.ts';

/** What a link's page may say about itself, before anything is done. */
export type LinkProblem = 'invalid' | 'expired' | 'used';

function articleTitleOf(ctx: AppContext, slug: string | null): string | null {
	return slug ? (ctx.articles.get(slug)?.title ?? null) : null;
}

async function outboxFromToken(
	ctx: AppContext,
	raw: unknown,
	purpose: 'v' | 'u'
): Promise<{ row: OutboxRow } | { problem: LinkProblem }> {
	const check = readMailToken(ctx.config.tokenSecret, raw);
	if (!check.ok) return { problem: check.reason };
	if (check.payload.p !== purpose) return { problem: 'invalid' };
	const row = await findOutboxById(ctx.db, check.payload.o);
	if (!row) return { problem: 'invalid' };
	return { row };
}

// ---- Address verification (double opt-in) --------------------------------------------------

export type VerifyView =
	| { ok: true; articleTitle: string | null; alreadyVerified: boolean }
	| { ok: false; problem: LinkProblem };

async function verificationTarget(ctx: AppContext, raw: unknown) {
	const found = await outboxFromToken(ctx, raw, 'v');
	if ('problem' in found) return found;
	const { row } = found;
	if (row.kind !== 'verify-email' || !row.identity_id) return { problem: 'invalid' as const };
	const identity = await findIdentityById(ctx.db, row.identity_id);
	// The address changed since this mail: the link proves nothing about the new one.
	if (!identity?.email || recipientKey(identity.email) !== row.recipient_key) {
		return { problem: 'expired' as const };
	}
	return { row, identity };
}

export async function describeVerification(ctx: AppContext, raw: unknown): Promise<VerifyView> {
	const target = await verificationTarget(ctx, raw);
	if ('problem' in target) return { ok: false, problem: target.problem };
	return {
		ok: true,
		articleTitle: articleTitleOf(ctx, target.row.article_slug),
		alreadyVerified: target.identity.email_verified === 1
	};
}

export async function confirmVerification(ctx: AppContext, raw: unknown): Promise<VerifyView> {
	const target = await verificationTarget(ctx, raw);
	if ('problem' in target) return { ok: false, problem: target.problem };
	if (target.identity.email_verified !== 1) {
		await updateIdentity(ctx.db, target.identity.id, {
			email_verified: 1,
			updated_at: new Date().toISOString()
		});
		ctx.logger.info('address verified', { identityId: target.identity.id });
	}
	return {
		ok: true,
		articleTitle: articleTitleOf(ctx, target.row.article_slug),
		alreadyVerified: target.identity.email_verified === 1
	};
}

// ---- Unsubscribe ------------------------------------------------------------------------------

export type UnsubscribeScope = 'thread' | 'all';

export type UnsubscribeView =
	| {
			ok: true;
			audience: 'commenter' | 'author';
			kind: OutboxRow['kind'];
			articleTitle: string | null;
	  }
	| { ok: false; problem: LinkProblem };

export async function describeUnsubscribe(ctx: AppContext, raw: unknown): Promise<UnsubscribeView> {
	const found = await outboxFromToken(ctx, raw, 'u');
	if ('problem' in found) return { ok: false, problem: found.problem };
	const { row } = found;
	return {
		ok: true,
		audience: row.author_id ? 'author' : 'commenter',
		kind: row.kind,
		articleTitle: articleTitleOf(ctx, row.article_slug)
	};
}

/**
 * Stops further mail of the kind the link came in. Authors turn that kind off (alerts or
 * digest; /admin/e-mails turns it on again); commenters are silenced for a thread or for good.
 * One-click (RFC 8058) means "all".
 */
export async function unsubscribe(
	ctx: AppContext,
	raw: unknown,
	scope: UnsubscribeScope
): Promise<UnsubscribeView> {
	const found = await outboxFromToken(ctx, raw, 'u');
	if ('problem' in found) return { ok: false, problem: found.problem };
	const { row } = found;
	const now = new Date();
	if (row.author_id) {
		const settings = await loadAuthorSettings(ctx.db, row.author_id);
		// The kind of mail the link came in: alerts, or the daily digest.
		const next =
			row.kind === 'author-digest'
				? { ...settings, digest: false }
				: { ...settings, notify: 'none' as const };
		await saveAuthorSettings(ctx.db, row.author_id, next, now);
	} else {
		const slug = scope === 'thread' && row.article_slug ? row.article_slug : ALL_THREADS;
		await addOptOut(ctx.db, row.to_address, slug, now);
	}
	ctx.logger.info('unsubscribed from mail', { outboxId: row.id, kind: row.kind, scope });
	return {
		ok: true,
		audience: row.author_id ? 'author' : 'commenter',
		kind: row.kind,
		articleTitle: articleTitleOf(ctx, row.article_slug)
	};
}
