import type { AppContext } from '../context/app-context.ts';
import { findCommentById } from '../comments/comment-repository.ts';
import { isRemoved } from '../comments/comment-status.ts';
import { FilError, toErrorPayload } from '../errors/fil-error.ts';
import { moderateComment } from '../moderation/moderation-service.ts';
import type { LinkProblem } from './mail-link-service.ts';
import { isTokenSpent, spendToken } from '../outbox/mail-preferences.ts';
import { readMailToken, type MailAction, type MailTokenPayload } from './mail-tokens.ts';

export interface ModerationLinkComment {
	authorName: string;
	body: string;
	articleTitle: string;
	status: string;
}

export type ModerationLinkView =
	| { ok: true; action: MailAction; comment: ModerationLinkComment }
	| { ok: false; problem: LinkProblem | 'gone' | 'failed'; message?: string };

type ModerationPayload = Extract<MailTokenPayload, { p: 'm' }>;

async function readModerationToken(
	ctx: AppContext,
	raw: unknown
): Promise<{ payload: ModerationPayload } | { problem: LinkProblem }> {
	const check = readMailToken(ctx.config.tokenSecret, raw);
	if (!check.ok) return { problem: check.reason };
	if (check.payload.p !== 'm') return { problem: 'invalid' };
	if (await isTokenSpent(ctx.db, check.payload.j)) return { problem: 'used' };
	return { payload: check.payload };
}

async function describeComment(
	ctx: AppContext,
	commentId: number
): Promise<ModerationLinkComment | null> {
	const row = await findCommentById(ctx.db, commentId);
	if (!row || row.status === 'deleted') return null;
	return {
		authorName: row.author_name,
		body: row.body,
		articleTitle: ctx.articles.get(row.article_slug)?.title ?? row.article_slug,
		status: row.status
	};
}

/** The confirmation page (GET): says what the button will do, and changes nothing. */
export async function describeModerationLink(
	ctx: AppContext,
	raw: unknown
): Promise<ModerationLinkView> {
	const read = await readModerationToken(ctx, raw);
	if ('problem' in read) return { ok: false, problem: read.problem };
	const comment = await describeComment(ctx, read.payload.c);
	if (!comment) return { ok: false, problem: 'gone' };
	return { ok: true, action: read.payload.a, comment };
}

const DECIDED_MESSAGE =
	'Ce commentaire a été rejeté depuis l’envoi de ce message : seul le tableau de bord peut encore le publier.';

/** The token was spent by an earlier click: nothing is done. */
class SpentTokenError extends Error {}

/**
 * The confirmation button (POST): moderates as the author the mail was sent to, through the
 * same service as the dashboard, and spends the single-use token in the same transaction.
 * A refused action, or a crash before commit, leaves the token unspent to try again.
 */
export async function performModerationLink(
	ctx: AppContext,
	raw: unknown
): Promise<ModerationLinkView> {
	const read = await readModerationToken(ctx, raw);
	if ('problem' in read) return { ok: false, problem: read.problem };
	const { payload } = read;
	try {
		await moderateComment(
			ctx,
			{ kind: 'mail', authorId: payload.u },
			{ commentId: payload.c, action: payload.a },
			{
				before: async (trx, current) => {
					// A mail was sent about a held comment: if the author has rejected it since,
					// only the dashboard can bring it back, not an old button.
					if (payload.a === 'approve' && isRemoved(current.status)) {
						throw new FilError('FORBIDDEN', { message: DECIDED_MESSAGE });
					}
					if (!(await spendToken(trx, payload.j, payload.x, new Date()))) {
						throw new SpentTokenError();
					}
				}
			}
		);
	} catch (error) {
		if (error instanceof SpentTokenError) return { ok: false, problem: 'used' };
		const problem = toErrorPayload(error);
		if (problem.code === 'INTERNAL') {
			ctx.logger.error('moderation from mail failed', { error: String(error) });
		}
		return { ok: false, problem: 'failed', message: problem.message };
	}
	ctx.logger.info('moderated from mail', { commentId: payload.c, action: payload.a });
	const comment = await describeComment(ctx, payload.c);
	if (!comment) return { ok: false, problem: 'gone' };
	return { ok: true, action: payload.a, comment };
}
