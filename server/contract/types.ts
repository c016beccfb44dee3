import type { Emoji } from './schemas.ts';

export type ReactionCounts = Partial<Record<Emoji, number>>;

export type CommentStatus = 'published' | 'held' | 'deleted';

/** A comment as any reader may see it: never an e-mail address, never an IP. */
export interface PublicComment {
	id: number;
	articleSlug: string;
	parentId: number | null;
	replyTo: { id: number; name: string } | null;
	depth: number;
	author: {
		id: string;
		name: string;
		website: string | null;
		isAuthor: boolean;
	};
	body: string;
	status: CommentStatus;
	pinned: boolean;
	createdAt: string;
	editedAt: string | null;
	editedByAuthor: boolean;
	reactions: ReactionCounts;
}

/**
 * Set (always `true`) only on an event about a held comment, sent to its writer and the author.
 * Its `eventId` is the public event it follows, not one of its own: a client must not move its
 * catch-up cursor on it, or it could skip a public event it never received.
 */
export type PrivateFlag = { private?: true };

export type ThreadEvent =
	| ({ type: 'comment:created'; eventId: number; comment: PublicComment } & PrivateFlag)
	| ({ type: 'comment:updated'; eventId: number; comment: PublicComment } & PrivateFlag)
	| ({
			type: 'comment:deleted';
			eventId: number;
			articleSlug: string;
			commentId: number;
	  } & PrivateFlag)
	| {
			type: 'reaction:updated';
			eventId: number;
			articleSlug: string;
			commentId: number;
			reactions: ReactionCounts;
	  }
	| { type: 'thread:closed'; eventId: number; articleSlug: string; closed: boolean };

export interface ThreadSync {
	cursor: number;
	/** Events after `since`, in order, with the current state of what they touched. */
	events: ThreadEvent[];
	/** Set when the client was too far behind: it should reload the thread instead. */
	reset: boolean;
	closed: boolean;
	presence: number;
}

export interface ThreadPage {
	comments: PublicComment[];
	hasMore: boolean;
	nextOffset: number;
}

export interface ReactionState {
	commentId: number;
	reactions: ReactionCounts;
	mine: Emoji[];
}
