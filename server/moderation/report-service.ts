import type { Actor, AppContext } from '../context/app-context.ts';
import { commentReportSchema } from '../contract/moderation.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { findCommentById, updateComment } from '../comments/comment-repository.ts';
import { findIdentityById } from '../identity/identity-repository.ts';
import { insertAudit } from './audit-repository.ts';
import { publishAfterCommit, recordCommentEvent, type PendingEvent } from './moderation-events.ts';
import { readEffectiveSettings } from './settings-repository.ts';

/**
 * A reader reports a published comment, once per identity. At the article's threshold the
 * comment is held: it leaves every reader's page and waits in the author's queue.
 */
export async function reportComment(
	ctx: AppContext,
	actor: Actor,
	input: unknown
): Promise<{ commentId: number }> {
	const data = parseInput(commentReportSchema, input);
	if (!actor.identityId) throw new FilError('SESSION_REQUIRED');
	const identity = await findIdentityById(ctx.db, actor.identityId);
	if (!identity) throw new FilError('SESSION_REQUIRED');
	if (identity.banned) throw new FilError('BANNED');
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
		const open = await trx
			.selectFrom('reports')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('comment_id', '=', row.id)
			.where('resolved', '=', 0)
			.executeTakeFirstOrThrow();
		const current = await findCommentById(trx, row.id);
		if (Number(open.n) < threshold || current?.status !== 'published') return null;
		await updateComment(trx, row.id, { status: 'held', held_reason: 'reports', pinned: 0 });
		await insertAudit(trx, {
			authorId: null,
			via: 'system',
			action: 'hold',
			commentId: row.id,
			articleSlug: row.article_slug,
			identityId: row.identity_id,
			detail: `${Number(open.n)} signalements`,
			now
		});
		// Readers saw it: they are all told it is gone.
		return recordCommentEvent(trx, 'comment:deleted', row, { kind: 'public' }, now);
	});
	const events: (PendingEvent | null)[] = [pending];
	await publishAfterCommit(ctx, events, [row.id], 'moderation:queued');
	return { commentId: row.id };
}
