import type { Actor, AppContext } from '../context/app-context.ts';
import { commentReportSchema } from '../contract/moderation.ts';
import type { Db } from '../db/database.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { findCommentById, lockCommentById, updateComment } from '../comments/comment-repository.ts';
import { requireIdentity } from '../identity/require-identity.ts';
import { insertAudit } from './audit-repository.ts';
import { enqueueAuthorAlerts } from '../outbox/enqueue-comment-mails.ts';
import { publishAfterCommit, recordCommentEvent } from '../comments/comment-events.ts';
import { audienceOf } from '../comments/comment-status.ts';
import { readEffectiveSettings } from '../policy/settings-repository.ts';

/**
 * How many people reported a comment, as far as we can tell: distinct identities, but never
 * more than the distinct addresses they reported from, since a new identity is only a cookie.
 */
async function countReporters(trx: Db, commentId: number): Promise<number> {
	const row = await trx
		.selectFrom('reports')
		.select((eb) => [
			eb.fn.count<number>('identity_id').distinct().as('identities'),
			eb.fn.count<number>('ip_hash').distinct().as('addresses')
		])
		.where('comment_id', '=', commentId)
		.where('resolved', '=', 0)
		.executeTakeFirstOrThrow();
	return Math.min(Number(row.identities), Number(row.addresses));
}

/**
 * A reader reports a published comment, once per identity. When enough people (see
 * countReporters) reported it, the article's threshold holds it: it leaves every reader's
 * page and waits in the author's queue.
 */
export async function reportComment(
	ctx: AppContext,
	actor: Actor,
	input: unknown
): Promise<{ commentId: number }> {
	const data = parseInput(commentReportSchema, input);
	const identity = await requireIdentity(ctx, actor);
	const row = await findCommentById(ctx.db, data.commentId);
	if (!row || row.status !== 'published') throw new FilError('NOT_FOUND');
	if (row.identity_id === identity.id) {
		throw new FilError('FORBIDDEN', {
			message: 'Vous ne pouvez pas signaler votre propre commentaire.'
		});
	}
	// A report costs what a comment costs, so one person cannot flood the queue.
	await ctx.limits.consume('commentIp', actor.ipHash);
	const threshold = (await readEffectiveSettings(ctx.db, row.article_slug)).reportThreshold;
	const now = new Date().toISOString();
	const pending = await ctx.db.transaction().execute(async (trx) => {
		// Concurrent reports take turns on the comment: the one that reaches the threshold sees
		// the others, and the comment is held once.
		const current = await lockCommentById(trx, ctx.dbKind, row.id);
		const inserted = await trx
			.insertInto('reports')
			.values({
				comment_id: row.id,
				identity_id: identity.id,
				reason: data.reason,
				ip_hash: actor.ipHash,
				resolved: 0,
				created_at: now
			})
			.onConflict((oc) => oc.columns(['comment_id', 'identity_id']).doNothing())
			.executeTakeFirst();
		if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
			throw new FilError('DUPLICATE', { message: 'Vous avez déjà signalé ce commentaire.' });
		}
		const reporters = await countReporters(trx, row.id);
		if (reporters < threshold || current?.status !== 'published') return [];
		const held = await updateComment(trx, row.id, {
			status: 'held',
			held_reason: 'reports',
			pinned: 0
		});
		await insertAudit(trx, {
			authorId: null,
			via: 'system',
			action: 'hold',
			commentId: row.id,
			articleSlug: row.article_slug,
			identityId: row.identity_id,
			detail: `${reporters} signalements`,
			now
		});
		// Readers saw it: they are all told it is gone. Its writer and the author see it held,
		// by a private event under the same id, after the public one.
		await enqueueAuthorAlerts(trx, ctx, held);
		return [
			await recordCommentEvent(trx, 'comment:deleted', current, audienceOf(current), now),
			await recordCommentEvent(trx, 'comment:updated', held, audienceOf(held), now)
		];
	});
	await publishAfterCommit(ctx, pending, [row.id], 'moderation:queued');
	return { commentId: row.id };
}
