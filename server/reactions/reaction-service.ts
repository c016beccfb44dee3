import type { Actor, AppContext } from '../context/app-context.ts';
import { reactionToggleSchema } from '../contract/schemas.ts';
import type { ReactionState } from '../contract/types.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { appendEvent } from '../events/event-repository.ts';
import { findCommentById } from '../comments/comment-repository.ts';
import { requireIdentity } from '../identity/require-identity.ts';
import { readReactionState, toggleReactionRow } from './reaction-repository.ts';

export async function toggleReaction(
	ctx: AppContext,
	actor: Actor,
	input: unknown
): Promise<ReactionState> {
	const data = parseInput(reactionToggleSchema, input);
	const identity = await requireIdentity(ctx, actor);
	const comment = await findCommentById(ctx.db, data.commentId);
	if (!comment || comment.status !== 'published') throw new FilError('NOT_FOUND');

	await ctx.limits.consume('reactionIp', actor.ipHash);

	const now = new Date().toISOString();
	const { reactions, mine, eventId } = await ctx.db.transaction().execute(async (trx) => {
		await toggleReactionRow(trx, comment.id, identity.id, data.emoji, now);
		const id = await appendEvent(trx, comment.article_slug, 'reaction:updated', comment.id, now);
		return { ...(await readReactionState(trx, comment.id, identity.id)), eventId: id };
	});
	ctx.bus.publish({
		event: {
			type: 'reaction:updated',
			eventId,
			articleSlug: comment.article_slug,
			commentId: comment.id,
			reactions
		},
		articleSlug: comment.article_slug,
		audience: { kind: 'public' }
	});
	return { commentId: comment.id, reactions, mine };
}
