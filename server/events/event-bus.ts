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

/**
 * Not for the article's readers: for the `moderators` room only (it carries e-mail addresses),
 * to end a signed-out session, or to one reader's own sockets (their other tabs).
 */
export type ModeratorMessage =
	| { type: 'moderation:queued'; item: ModerationItem }
	| { type: 'moderation:updated'; item: ModerationItem }
	| { type: 'session:ended'; sessionId: string }
	| {
			type: 'reaction:mine';
			identityId: string;
			articleSlug: string;
			commentId: number;
			mine: Emoji[];
	  };

type Listener = (e: DomainEvent) => void;
type ModeratorListener = (m: ModeratorMessage) => void;

export class EventBus {
	private listeners = new Set<Listener>();
	private moderatorListeners = new Set<ModeratorListener>();

	subscribe(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	publish(e: DomainEvent): void {
		for (const listener of this.listeners) listener(e);
	}

	subscribeModerators(listener: ModeratorListener): () => void {
		this.moderatorListeners.add(listener);
		return () => this.moderatorListeners.delete(listener);
	}

	publishModerators(m: ModeratorMessage): void {
		for (const listener of this.moderatorListeners) listener(m);
	}
}
