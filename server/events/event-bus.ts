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

type Listener = (e: DomainEvent) => void;

export class EventBus {
	private listeners = new Set<Listener>();

	subscribe(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	publish(e: DomainEvent): void {
		for (const listener of this.listeners) listener(e);
	}
}
