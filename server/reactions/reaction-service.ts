import type { Actor, AppContext } from '../context/app-context.ts';
import { reactionToggleSchema } from '../contract/schemas.ts';
import type { ReactionState } from '../contract/types.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { appendEvent } from '../events/event-repository.ts';
import { findToggleTarget, readReactionState, toggleReactionRow } from './reaction-repository.ts';

export async function toggleReaction(
	ctx: AppContext,
	actor: Actor,
	input: unknown
): Promise<ReactionState> {
	const data = parseInput(reactionToggleSchema, input);
	// requireIdentity's checks, in the same order, with the comment read in the same query.
	const identityId = actor.identityId;
	if (!identityId) throw new FilError('SESSION_REQUIRED');
	const target = await findToggleTarget(ctx.db, identityId, data.commentId);
	if (!target) throw new FilError('SESSION_REQUIRED');
	if (target.banned) throw new FilError('BANNED');
	const slug = target.articleSlug;
	if (slug === null || target.status !== 'published') throw new FilError('NOT_FOUND');
	const commentId = data.commentId;

	await ctx.limits.consume('reactionIp', actor.ipHash);

	const now = new Date().toISOString();
	const { reactions, mine, eventId } = await ctx.db.transaction().execute(async (trx) => {
		await toggleReactionRow(trx, commentId, identityId, data.emoji, now);
		const id = await appendEvent(trx, slug, 'reaction:updated', commentId, now);
		return { ...(await readReactionState(trx, commentId, identityId)), eventId: id };
	});
	ctx.bus.publish({
		event: {
			type: 'reaction:updated',
			eventId,
			articleSlug: slug,
			commentId,
			reactions
		},
		articleSlug: slug,
		audience: { kind: 'public' }
	});
	return { commentId, reactions, mine };
}
