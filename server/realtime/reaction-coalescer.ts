import type { DomainEvent } from '../events/event-bus.ts';

/** How often, at most, one comment's reaction counts are broadcast. */
export const REACTION_WINDOW_MS = 100;

interface Window {
	timer: NodeJS.Timeout;
	/** The newest update that arrived while the window was open, sent when it closes. */
	pending: DomainEvent | null;
	/** Ids of the updates the pending one replaces: they are never sent on their own. */
	superseded: number[];
}

function eventIdOf(e: DomainEvent): number {
	return e.event.eventId;
}

/** The pending update, naming the ids it stands for so clients can count them as received. */
function withSupersedes(e: DomainEvent, ids: number[]): DomainEvent {
	if (ids.length === 0 || e.event.type !== 'reaction:updated') return e;
	return { ...e, event: { ...e.event, supersedes: [...ids].sort((a, b) => a - b) } };
}

/**
 * Thins out `reaction:updated` broadcasts: the first update of a comment goes out at once,
 * then at most one per window carrying the latest counts and the ids of the updates it
 * replaces (the last state wins; every update is still in the database and in catch-up).
 * Any other event of the same article first sends that article's pending updates, so one
 * article's events leave in id order.
 */
export class ReactionCoalescer {
	private readonly windows = new Map<string, Map<number, Window>>();
	private stopped = false;

	constructor(
		private readonly send: (e: DomainEvent) => void,
		private readonly windowMs = REACTION_WINDOW_MS
	) {}

	offer(e: DomainEvent): void {
		if (this.stopped) return this.send(e);
		if (e.event.type !== 'reaction:updated') {
			this.flushArticle(e.articleSlug);
			this.send(e);
			return;
		}
		const commentId = e.event.commentId;
		let article = this.windows.get(e.articleSlug);
		if (!article) this.windows.set(e.articleSlug, (article = new Map()));
		const open = article.get(commentId);
		if (!open) {
			this.send(e);
			article.set(commentId, {
				timer: this.startTimer(e.articleSlug, commentId),
				pending: null,
				superseded: []
			});
		} else if (!open.pending) {
			open.pending = e;
		} else if (eventIdOf(open.pending) < eventIdOf(e)) {
			open.superseded.push(eventIdOf(open.pending));
			open.pending = e;
		} else {
			open.superseded.push(eventIdOf(e));
		}
	}

	/** Sends what is pending and forgets every window (shutdown). */
	stop(): void {
		this.stopped = true;
		for (const slug of [...this.windows.keys()]) this.flushArticle(slug);
		for (const article of this.windows.values()) {
			for (const w of article.values()) clearTimeout(w.timer);
		}
		this.windows.clear();
	}

	private startTimer(slug: string, commentId: number): NodeJS.Timeout {
		const timer = setTimeout(() => this.closeWindow(slug, commentId), this.windowMs);
		timer.unref();
		return timer;
	}

	/** Takes the pending update out of a window, ready to send. */
	private takePending(w: Window): DomainEvent | null {
		if (!w.pending) return null;
		const e = withSupersedes(w.pending, w.superseded);
		w.pending = null;
		w.superseded = [];
		return e;
	}

	/** Sends the pending update and stays open one more window; closes when there was none. */
	private closeWindow(slug: string, commentId: number): void {
		const article = this.windows.get(slug);
		const w = article?.get(commentId);
		if (!article || !w) return;
		const e = this.takePending(w);
		if (e) {
			w.timer = this.startTimer(slug, commentId);
			this.send(e);
			return;
		}
		article.delete(commentId);
		if (article.size === 0) this.windows.delete(slug);
	}

	private flushArticle(slug: string): void {
		const article = this.windows.get(slug);
		if (!article) return;
		const pending = [...article.values()]
			.map((w) => this.takePending(w))
			.filter((e): e is DomainEvent => e !== null)
			.sort((a, b) => eventIdOf(a) - eventIdOf(b));
		for (const e of pending) this.send(e);
	}
}
