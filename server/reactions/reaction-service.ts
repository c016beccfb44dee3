import type { Actor, AppContext } from '../context/app-context.ts';
import { reactionToggleSchema } from '../contract/schemas.ts';
import type { ReactionState } from '../contract/types.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import type { EventBus } from '../events/event-bus.ts';
import { findToggleTarget } from './reaction-repository.ts';
import type { CommentUpdate } from './toggle-batch.ts';

/** Answered once the toggle's transaction (shared with others, see toggle-queue.ts) commits. */
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

	await ctx.limits.consume('reactionIp', actor.ipHash);

	const commentId = data.commentId;
	const { reactions, mine } = await ctx.reactions.toggle({
		slug,
		commentId,
		identityId,
		emoji: data.emoji
	});
	// The reader's other tabs show the same reactions as theirs.
	ctx.bus.publishDirect({
		type: 'reaction:mine',
		identityId,
		articleSlug: slug,
		commentId,
		mine
	});
	return { commentId, reactions, mine };
}

/** After each toggle commit: one `reaction:updated` per comment it changed. */
export function publishReactionUpdates(bus: EventBus, updates: CommentUpdate[]): void {
	for (const u of updates) {
		bus.publish({
			event: {
				type: 'reaction:updated',
				eventId: u.eventId,
				articleSlug: u.slug,
				commentId: u.commentId,
				reactions: u.reactions
			},
			articleSlug: u.slug,
			audience: { kind: 'public' }
		});
	}
}
