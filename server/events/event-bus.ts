import type { Emoji } from '../contract/constants.ts';
import type { ModerationItem } from '../contract/moderation.ts';
import type { ThreadEvent } from '../contract/types.ts';

/**
 * What the services publish after a commit. `audience` says who may see it: everyone on the
 * article, or only the identity that wrote a held comment (and the moderators).
 */
export interface DomainEvent {
	event: ThreadEvent;
	articleSlug: string;
	audience: { kind: 'public' } | { kind: 'private'; identityId: string };
}

/** For the `moderators` room only: it carries e-mail addresses. */
export type ModerationMessage =
	| { type: 'moderation:queued'; item: ModerationItem }
	| { type: 'moderation:updated'; item: ModerationItem };

/** A signed-out or expired session: its sockets are closed, on every instance. */
export interface SessionEndedMessage {
	type: 'session:ended';
	sessionId: string;
}

/** A reader's own reactions on a comment, for their other tabs only. */
export interface OwnReactionsMessage {
	type: 'reaction:mine';
	identityId: string;
	articleSlug: string;
	commentId: number;
	mine: Emoji[];
}

/** Not for the article's readers: each goes to one named audience (moderators, a session, an identity). */
export type DirectMessage = ModerationMessage | SessionEndedMessage | OwnReactionsMessage;

type Listener = (e: DomainEvent) => void;
type DirectListener = (m: DirectMessage) => void;

export class EventBus {
	private listeners = new Set<Listener>();
	private directListeners = new Set<DirectListener>();

	subscribe(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	publish(e: DomainEvent): void {
		for (const listener of this.listeners) listener(e);
	}

	subscribeDirect(listener: DirectListener): () => void {
		this.directListeners.add(listener);
		return () => this.directListeners.delete(listener);
	}

	publishDirect(m: DirectMessage): void {
		for (const listener of this.directListeners) listener(m);
	}
}
