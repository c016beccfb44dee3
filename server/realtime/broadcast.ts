import type { AppContext } from '../context/app-context.ts';
import {
	articleRoom,
	heldCommentsRoom,
	identityArticleRoom,
	identityRoom,
	MODERATORS_ROOM
} from '../contract/events.ts';
import type { DirectMessage, DomainEvent, OwnReactionsMessage } from '../events/event-bus.ts';
import { LatestPerKey } from './latest-per-key.ts';
import { ReactionCoalescer, REACTION_WINDOW_MS } from './reaction-coalescer.ts';
import type { FilServer } from './socket-types.ts';

/**
 * Sends each committed change to the sockets allowed to see it. Socket.IO encodes the packet
 * and its WebSocket frame once per broadcast, then writes that frame to every socket.
 */
export function broadcastDomainEvent(io: FilServer, e: DomainEvent): void {
	const target =
		e.audience.kind === 'public'
			? io.to(articleRoom(e.articleSlug))
			: io
					.to(identityArticleRoom(e.audience.identityId, e.articleSlug))
					.to(heldCommentsRoom(e.articleSlug))
					.to(MODERATORS_ROOM);
	const { type, ...rest } = e.event;
	// Marked so that the client keeps its catch-up cursor where it is (see ThreadEvent).
	const payload = e.audience.kind === 'private' ? { ...rest, private: true } : rest;
	// The payload matches its event name by construction of ThreadEvent.
	target.emit(type, payload as never);
}

/** Moderation views go to the moderators room and nowhere else; a signed-out session's sockets go. */
export function broadcastDirectMessage(io: FilServer, m: DirectMessage): void {
	if (m.type === 'session:ended') {
		io.in(sessionRoom(m.sessionId)).disconnectSockets(true);
		return;
	}
	if (m.type === 'reaction:mine') {
		const { articleSlug, commentId, mine } = m;
		io.to(identityRoom(m.identityId)).emit('reaction:mine', { articleSlug, commentId, mine });
		return;
	}
	io.to(MODERATORS_ROOM).emit(m.type, { item: m.item });
}

export function sessionRoom(sessionId: string): string {
	return `session:${sessionId}`;
}

/**
 * The fan-out runs on the next turn of the event loop, in publish order: the writer's
 * acknowledgement (sent when the service returns, after commit) does not wait behind
 * thousands of socket writes. Reaction counts are coalesced (see ReactionCoalescer).
 */
export function subscribeBroadcasts(
	io: FilServer,
	ctx: AppContext,
	reactionWindowMs = REACTION_WINDOW_MS
): () => void {
	const coalescer = new ReactionCoalescer((e) => broadcastDomainEvent(io, e), reactionWindowMs);
	// A reader's own reactions on a comment, to their other tabs: as thinned out as the counts.
	const ownReactions = new LatestPerKey<OwnReactionsMessage>(
		(m) => broadcastDirectMessage(io, m),
		reactionWindowMs
	);
	const off = ctx.bus.subscribe((e) => setImmediate(() => coalescer.offer(e)));
	const offDirect = ctx.bus.subscribeDirect((m) => {
		if (m.type === 'reaction:mine') ownReactions.offer(`${m.identityId} ${m.commentId}`, m);
		else broadcastDirectMessage(io, m);
	});
	return () => {
		off();
		offDirect();
		coalescer.stop();
		ownReactions.stop();
	};
}

/** Presence changes are sent at most once a second per article. */
export function createPresenceAnnouncer(io: FilServer, ctx: AppContext, delayMs = 1000) {
	const pending = new Map<string, NodeJS.Timeout>();
	return {
		announce(slug: string) {
			if (pending.has(slug)) return;
			pending.set(
				slug,
				setTimeout(() => {
					pending.delete(slug);
					ctx.presence
						.count(slug)
						.then((count) =>
							io.to(articleRoom(slug)).emit('presence:updated', { articleSlug: slug, count })
						)
						.catch((error: unknown) =>
							ctx.logger.warn('presence count failed', { error: String(error) })
						);
				}, delayMs)
			);
		},
		stop() {
			for (const t of pending.values()) clearTimeout(t);
			pending.clear();
		}
	};
}
