import type { Emoji } from '$contract/constants';
import type { Ack, ErrorPayload } from '$contract/errors';
import { LiveLink, requestSession } from './live-link';
import { applyEvent, settleCursor, mergeComment, setReactions } from './thread-model';
import type { LinkState, PendingPost, PostInput, ThreadData } from './live-types';
import { PostQueue, type Posted } from './post-queue';
import { ThreadState } from './thread-state.svelte';

export type { Landing } from './event-intake';

/**
 * The thread as this page sees it, kept live over Socket.IO: applies broadcasts and catch-up
 * events, sends the reader's posts (queued while offline), reactions, edits and deletions.
 */
export class LiveThread extends ThreadState {
	pending = $state.raw<PendingPost[]>([]);
	link = $state<LinkState>('idle');
	presence = $state<number | null>(null);
	loadingMore = $state(false);
	/** What this browser last signed a post with, to prefill the next form (never sent out). */
	signature: { name: string; email: string; website: string } | null = null;

	private readonly connection = new LiveLink();
	private everLive = false;
	private clock: ReturnType<typeof setInterval> | undefined;
	private queue = new PostQueue();
	private liveWaiters: (() => void)[] = [];
	private sessionRequest: Promise<ErrorPayload | null> | null = null;

	constructor(data: ThreadData) {
		super();
		this.load(data);
	}

	/** A post can go through the socket: the link came up at least once on this page. */
	get canPost(): boolean {
		return this.everLive;
	}

	get isLive(): boolean {
		return this.link === 'live';
	}

	/** (Re)starts from the page's server data: first render, new sort, or a reload. */
	load(data: ThreadData): void {
		if (this.reset(data) && this.link === 'live') void this.join();
	}

	start(): void {
		if (this.connection.started) return;
		this.now = Date.now();
		this.clock = setInterval(() => (this.now = Date.now()), 30_000);
		this.link = 'connecting';
		this.connection.start({
			connected: () => void this.join(),
			disconnected: () => {
				this.link = 'reconnecting';
				this.queue.markAllUnsent();
			},
			failed: () => {
				this.link = this.everLive ? 'reconnecting' : 'connecting';
			},
			event: (event) => this.receive(event),
			resync: () => void this.join(),
			presence: (e) => {
				if (e.articleSlug === this.slug) this.presence = e.count;
			},
			mine: (e) => {
				if (e.articleSlug === this.slug) this.mine = { ...this.mine, [e.commentId]: e.mine };
			}
		});
	}

	stop(): void {
		clearInterval(this.clock);
		this.connection.stop();
		this.link = 'idle';
	}

	/** Joins the article's room and replays what happened since the last event applied. */
	private async join(): Promise<void> {
		const ack = await this.connection.request('thread:join', {
			slug: this.slug,
			since: this.model.cursor
		});
		if (!ack.ok) return;
		const sync = ack.data;
		if (sync.reset) {
			// Too far behind to replay: the page is read again from the server.
			location.reload();
			return;
		} else {
			for (const event of sync.events) this.receive(event);
		}
		this.model = { ...settleCursor(this.model, sync.cursor), closed: sync.closed };
		this.presence = sync.presence;
		this.link = 'live';
		this.everLive = true;
		for (const wake of this.liveWaiters.splice(0)) wake();
		this.flush();
	}

	private whenLive(): Promise<void> {
		if (this.link === 'live') return Promise.resolve();
		return new Promise((resolve) => this.liveWaiters.push(resolve));
	}

	/**
	 * Binds this browser to an identity before its first post or reaction; the socket then
	 * reconnects so that its handshake carries the new session cookie.
	 */
	private ensureSession(): Promise<ErrorPayload | null> {
		if (this.viewerId) return Promise.resolve(null);
		// One request however many posts and reactions wait for it: one identity.
		this.sessionRequest ??= requestSession().then((ack) => {
			this.sessionRequest = null;
			if (!ack.ok) return ack.error;
			this.viewerId = ack.data.identityId;
			this.connection.reconnect();
			return null;
		});
		return this.sessionRequest;
	}

	/** No session could be made (refused, or no network): the waiting posts say so. */
	private failUnsent(error: ErrorPayload): void {
		for (const [key] of this.queue.takeUnsent()) {
			this.pending = this.pending.filter((p) => p.key !== key);
			this.queue.settle(key, { ok: false, error });
		}
	}

	/** Posts a comment: at once when live, or on the next connection, with the same key. */
	post(input: PostInput): Promise<Posted> {
		const { idempotencyKey: key, parentId, body, name } = input;
		return new Promise((done) => {
			if (!this.queue.add(key, { slug: this.slug, ...input }, done)) return;
			this.pending = [...this.pending, { key, parentId, body, name }];
			this.flush();
		});
	}

	private flush(): void {
		if (this.link !== 'live' || this.queue.size === 0) return;
		if (!this.viewerId) {
			// The reconnection after the session is made flushes again.
			void this.ensureSession().then((error) => error && this.failUnsent(error));
			return;
		}
		for (const [key, payload] of this.queue.takeUnsent()) {
			this.connection.post(payload, (ack) => this.settle(key, ack));
		}
	}

	private settle(key: string, ack: Posted): void {
		// A draining instance refuses; the socket closes next and the post goes with the reconnection.
		if (!ack.ok && ack.error.code === 'UNAVAILABLE') {
			this.queue.markUnsent(key);
			return;
		}
		if (ack.ok) {
			const { comment } = ack.data;
			if (comment.author.id) this.viewerId ??= comment.author.id;
			this.model = mergeComment(this.model, comment, 'ack');
			this.hidden = this.hidden.filter((id) => id !== comment.id);
		}
		this.pending = this.pending.filter((p) => p.key !== key);
		this.queue.settle(key, ack);
	}

	async edit(commentId: number, body: string): Promise<Posted> {
		const ack = await this.connection.request('comment:edit', { commentId, body });
		if (ack.ok) this.model = mergeComment(this.model, ack.data.comment, 'ack');
		return ack;
	}

	async remove(commentId: number): Promise<Ack<{ commentId: number }>> {
		const ack = await this.connection.request('comment:delete', { commentId });
		if (ack.ok) {
			this.model = applyEvent(this.model, {
				type: 'comment:deleted',
				eventId: 0,
				articleSlug: this.slug,
				commentId
			});
		}
		return ack;
	}

	async react(commentId: number, emoji: Emoji): Promise<Ack<unknown>> {
		if (!this.viewerId) {
			const error = await this.ensureSession();
			if (error) return { ok: false, error };
			await this.whenLive();
		}
		const ack = await this.connection.request('reaction:toggle', { commentId, emoji });
		if (ack.ok) {
			this.model = setReactions(this.model, commentId, ack.data.reactions);
			this.mine = { ...this.mine, [commentId]: ack.data.mine };
		}
		return ack;
	}

	/** The next threads, appended where they belong. */
	async loadMore(): Promise<boolean> {
		if (this.loadingMore) return true;
		this.loadingMore = true;
		// Asked while reconnecting: done once the link is back.
		await this.whenLive();
		const ack = await this.connection.request('thread:page', {
			slug: this.slug,
			sort: this.sort,
			offset: this.nextOffset
		});
		this.loadingMore = false;
		if (!ack.ok) return false;
		this.appendPage(ack.data);
		return true;
	}
}
