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
 * `private: true` marks an event only its writer (and the author) receive, about a held
 * comment. It carries the public event id it follows, so it must never move a reader's cursor.
 */
export type ThreadEvent =
	| { type: 'comment:created'; eventId: number; private?: true; comment: PublicComment }
	| { type: 'comment:updated'; eventId: number; private?: true; comment: PublicComment }
	| {
			type: 'comment:deleted';
			eventId: number;
			private?: true;
			articleSlug: string;
			commentId: number;
	  }
	| {
			type: 'reaction:updated';
			eventId: number;
			articleSlug: string;
			commentId: number;
			reactions: ReactionCounts;
			/**
			 * Live broadcasts are coalesced (at most one per comment every 100 ms): the ids of this
			 * comment's earlier updates that these counts replace, never sent on their own. A client
			 * counts them as received. Absent in catch-up, which replays every id.
			 */
			supersedes?: number[];
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
