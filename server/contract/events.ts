import type { Emoji } from './constants.ts';
import type { Ack } from './errors.ts';
import type { ModerationItem, QueueCounts } from './moderation.ts';
import type { PublicComment, ReactionState, ThreadEvent, ThreadPage, ThreadSync } from './types.ts';

type Callback<T> = (ack: Ack<T>) => void;
type EventOf<T extends ThreadEvent['type']> = Omit<Extract<ThreadEvent, { type: T }>, 'type'>;

/** Commands a client sends; each is answered through its acknowledgement. */
export interface ClientToServerEvents {
	'thread:join': (payload: unknown, ack: Callback<ThreadSync>) => void;
	'thread:page': (payload: unknown, ack: Callback<ThreadPage>) => void;
	'comment:post': (payload: unknown, ack: Callback<{ comment: PublicComment }>) => void;
	'comment:edit': (payload: unknown, ack: Callback<{ comment: PublicComment }>) => void;
	'comment:delete': (payload: unknown, ack: Callback<{ commentId: number }>) => void;
	'reaction:toggle': (payload: unknown, ack: Callback<ReactionState>) => void;
	'comment:report': (payload: unknown, ack: Callback<{ commentId: number }>) => void;
	// Authors only: every one of these answers UNAUTHORIZED or FORBIDDEN to anyone else.
	'moderation:join': (payload: unknown, ack: Callback<{ counts: QueueCounts }>) => void;
	'moderation:act': (payload: unknown, ack: Callback<{ item: ModerationItem }>) => void;
	'moderation:bulk': (payload: unknown, ack: Callback<{ items: ModerationItem[] }>) => void;
	'moderation:edit': (payload: unknown, ack: Callback<{ item: ModerationItem }>) => void;
	'moderation:ban': (payload: unknown, ack: Callback<{ rejected: number }>) => void;
	'moderation:thread': (payload: unknown, ack: Callback<{ closed: boolean }>) => void;
}

/** Broadcasts: to `article:<slug>`, `identity:<id>:<slug>` or `moderators`. */
export interface ServerToClientEvents {
	'comment:created': (e: EventOf<'comment:created'>) => void;
	'comment:updated': (e: EventOf<'comment:updated'>) => void;
	'comment:deleted': (e: EventOf<'comment:deleted'>) => void;
	'reaction:updated': (e: EventOf<'reaction:updated'>) => void;
	'thread:closed': (e: EventOf<'thread:closed'>) => void;
	'presence:updated': (e: { articleSlug: string; count: number }) => void;
	/** Only to the reader's own sockets: which reactions on a comment are theirs, after a toggle. */
	'reaction:mine': (e: { articleSlug: string; commentId: number; mine: Emoji[] }) => void;
	/** Only to the `moderators` room: a comment newly held or reported, with its e-mail. */
	'moderation:queued': (e: { item: ModerationItem }) => void;
	/** Only to the `moderators` room: a comment after a moderation decision. */
	'moderation:updated': (e: { item: ModerationItem }) => void;
	/**
	 * Live events may have been lost (e.g. Redis was away, so other instances' broadcasts did
	 * not arrive): the client sends `thread:join` again with the last event id it holds in
	 * unbroken sequence, and applies what it missed.
	 */
	'thread:resync': (e: { reason: 'fan-out-restored' }) => void;
}

export const COMMAND_NAMES = [
	'thread:join',
	'thread:page',
	'comment:post',
	'comment:edit',
	'comment:delete',
	'reaction:toggle',
	'comment:report',
	'moderation:join',
	'moderation:act',
	'moderation:bulk',
	'moderation:edit',
	'moderation:ban',
	'moderation:thread'
] as const satisfies readonly (keyof ClientToServerEvents)[];

export function articleRoom(slug: string): string {
	return `article:${slug}`;
}

/** All of one identity's sockets, whatever page they show: for session-wide messages. */
export function identityRoom(identityId: string): string {
	return `identity:${identityId}`;
}

/** One identity's sockets on one article: its held comments there reach no other page. */
export function identityArticleRoom(identityId: string, slug: string): string {
	return `identity:${identityId}:${slug}`;
}

/** The author's sockets on one article: every held comment there, live, as on its page. */
export function heldCommentsRoom(slug: string): string {
	return `held:${slug}`;
}

export const MODERATORS_ROOM = 'moderators';
/** Every socket of a signed-in author, whatever page: checked against its session. */
export const AUTHORS_ROOM = 'authors';
