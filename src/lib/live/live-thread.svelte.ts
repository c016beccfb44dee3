import { io, type Socket } from 'socket.io-client';
import { invalidateAll } from '$app/navigation';
import type { Emoji, Sort } from '$contract/constants';
import type { Ack, ErrorPayload } from '$contract/errors';
import type { ClientToServerEvents, ServerToClientEvents } from '$contract/events';
import type { PublicComment, ThreadEvent } from '$contract/types';
import { buildTree, flattenTree } from './build-tree';
import {
	applyEvent,
	createModel,
	settleCursor,
	mergeComment,
	setReactions,
	type ThreadModel
} from './thread-model';
import type { LinkState, PendingPost, PostInput, ThreadData } from './live-types';
import { PostQueue, type Posted } from './post-queue';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Command = keyof ClientToServerEvents;

/** Where a new comment would land: the comments just before and after it in reading order. */
export interface Landing {
	before: number | null;
	after: number | null;
}

const OFFLINE: ErrorPayload = {
	code: 'UNAVAILABLE',
	message: 'La connexion est perdue. Réessayez dans un instant.'
};

function rankOf(comments: PublicComment[], start: number, into: Record<number, number>) {
	let n = start;
	for (const c of comments) if (c.parentId === null && into[c.id] === undefined) into[c.id] = n++;
	return n;
}

/**
 * The thread as this page sees it, kept live over Socket.IO: applies broadcasts and catch-up
 * events, sends the reader's posts (queued while offline), reactions, edits and deletions.
 */
export class LiveThread {
	model = $state.raw<ThreadModel>(createModel([], 0, false, 0));
	sort = $state<Sort>('oldest');
	rank = $state.raw<Record<number, number>>({});
	hasMore = $state(false);
	nextOffset = $state(0);
	/** New comments held back until the reader asks for them. */
	hidden = $state.raw<readonly number[]>([]);
	pending = $state.raw<PendingPost[]>([]);
	mine = $state.raw<Record<number, Emoji[]>>({});
	viewerId = $state<string | null>(null);
	link = $state<LinkState>('idle');
	presence = $state<number | null>(null);
	announcement = $state('');
	now = $state(0);
	loadingMore = $state(false);
	/** What this browser last signed a post with, to prefill the next form (never sent out). */
	signature: { name: string; email: string; website: string } | null = null;

	tree = $derived(
		buildTree(this.model.comments, { sort: this.sort, rank: this.rank, hidden: this.hidden })
	);
	heldCount = $derived(
		this.hidden.filter((id) => this.model.comments[id]?.status === 'published').length
	);

	/** Set by the page: whether a comment landing there would move what the reader is reading. */
	shouldHold: ((landing: Landing) => boolean) | null = null;

	private slug = '';
	private source: ThreadData | null = null;
	private socket: LiveSocket | null = null;
	private everLive = false;
	private nextRank = 0;
	private clock: ReturnType<typeof setInterval> | undefined;
	private queue = new PostQueue();
	private liveWaiters: (() => void)[] = [];

	constructor(data: ThreadData) {
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
		if (data === this.source) return;
		this.source = data;
		this.slug = data.article.slug;
		const { thread } = data;
		this.model = createModel(thread.comments, thread.cursor, thread.closed, thread.total);
		this.sort = thread.sort;
		const rank: Record<number, number> = {};
		this.nextRank = rankOf(thread.comments, 0, rank);
		this.rank = rank;
		this.hasMore = thread.hasMore;
		this.nextOffset = thread.nextOffset;
		this.hidden = [];
		this.mine = data.viewer.reactions;
		this.viewerId = data.viewer.identityId;
		this.now = data.now;
		if (this.link === 'live') void this.join();
	}

	start(): void {
		if (this.socket) return;
		this.now = Date.now();
		this.clock = setInterval(() => (this.now = Date.now()), 30_000);
		const socket: LiveSocket = io({
			transports: ['websocket', 'polling'],
			tryAllTransports: true,
			autoConnect: false
		});
		this.socket = socket;
		socket.on('connect', () => void this.join());
		socket.on('disconnect', (reason) => {
			this.link = 'reconnecting';
			this.queue.markAllUnsent();
			if (reason === 'io server disconnect') socket.connect();
		});
		socket.on('connect_error', () => {
			this.link = this.everLive ? 'reconnecting' : 'connecting';
		});
		socket.on('comment:created', (e) => this.receive({ type: 'comment:created', ...e }));
		socket.on('comment:updated', (e) => this.receive({ type: 'comment:updated', ...e }));
		socket.on('comment:deleted', (e) => this.receive({ type: 'comment:deleted', ...e }));
		socket.on('reaction:updated', (e) => this.receive({ type: 'reaction:updated', ...e }));
		socket.on('thread:closed', (e) => this.receive({ type: 'thread:closed', ...e }));
		// Fan-out between instances came back: read from the database what may have been lost.
		socket.on('thread:resync', () => void this.join());
		socket.on('presence:updated', (e) => {
			if (e.articleSlug === this.slug) this.presence = e.count;
		});
		this.link = 'connecting';
		socket.connect();
	}

	stop(): void {
		clearInterval(this.clock);
		this.socket?.disconnect();
		this.socket = null;
		this.link = 'idle';
	}

	/** Joins the article's room and replays what happened since the last event applied. */
	private async join(): Promise<void> {
		const ack = await this.request<'thread:join'>('thread:join', {
			slug: this.slug,
			since: this.model.cursor
		});
		if (!ack.ok) return;
		const sync = ack.data;
		if (sync.reset) {
			await invalidateAll();
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

	private isOwn(comment: PublicComment): boolean {
		return comment.author.id !== '' && comment.author.id === this.viewerId;
	}

	/** Where a new comment would appear among those shown. */
	private landingOf(comment: PublicComment): Landing {
		const comments = { ...this.model.comments, [comment.id]: comment };
		const order = flattenTree(
			buildTree(comments, { sort: this.sort, rank: this.rank, hidden: this.hidden })
		);
		const i = order.indexOf(comment.id);
		return { before: order[i - 1] ?? null, after: order[i + 1] ?? null };
	}

	private receive(event: ThreadEvent): void {
		if (event.type === 'comment:created' && !this.model.comments[event.comment.id]) {
			const c = event.comment;
			const hold =
				!this.isOwn(c) &&
				c.status === 'published' &&
				((c.parentId !== null && this.hidden.includes(c.parentId)) ||
					(this.shouldHold?.(this.landingOf(c)) ?? false));
			if (hold) {
				this.hidden = [...this.hidden, c.id];
				this.announce(
					this.heldCount + 1 > 1
						? `${this.heldCount + 1} nouveaux commentaires`
						: '1 nouveau commentaire'
				);
			} else if (!this.isOwn(c) && c.status === 'published') {
				this.announce(`Nouveau commentaire de ${c.author.name}`);
			}
		}
		this.model = applyEvent(this.model, event);
	}

	private announce(text: string): void {
		// The same words twice in a row would not be read again: vary the invisible ending.
		this.announcement = this.announcement === text ? `${text}\u00a0` : text;
	}

	/** Shows the held comments; returns the first of them in reading order. */
	revealHeld(): number | null {
		const held = this.hidden;
		this.hidden = [];
		return flattenTree(this.tree).find((id) => held.includes(id)) ?? null;
	}

	/** Sends a command and waits for its answer; an error answer if the link is down. */
	private request<C extends Command>(
		name: C,
		payload: unknown,
		timeoutMs = 10_000
	): Promise<Parameters<Parameters<ClientToServerEvents[C]>[1]>[0]> {
		type Answer = Parameters<Parameters<ClientToServerEvents[C]>[1]>[0];
		return new Promise((resolve) => {
			const socket = this.socket;
			if (!socket?.connected) return resolve({ ok: false, error: OFFLINE } as Answer);
			// The typed emit cannot see through the generic command name.
			const timed = socket.timeout(timeoutMs) as unknown as {
				emit(n: string, p: unknown, cb: (err: Error | null, a: Answer) => void): void;
			};
			timed.emit(name, payload, (err, answer) =>
				resolve(err ? ({ ok: false, error: OFFLINE } as Answer) : answer)
			);
		});
	}

	private whenLive(): Promise<void> {
		if (this.link === 'live') return Promise.resolve();
		return new Promise((resolve) => this.liveWaiters.push(resolve));
	}

	/**
	 * Binds this browser to an identity before its first post or reaction; the socket then
	 * reconnects so that its handshake carries the new session cookie.
	 */
	private async ensureSession(): Promise<boolean> {
		if (this.viewerId) return true;
		try {
			const res = await fetch('/api/session', { method: 'POST' });
			const body = (await res.json()) as Ack<{ identityId: string }>;
			if (!body.ok) return false;
			this.viewerId = body.data.identityId;
		} catch {
			return false;
		}
		this.socket?.disconnect().connect();
		return true;
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
			void this.ensureSession();
			return;
		}
		for (const [key, payload] of this.queue.takeUnsent()) {
			this.socket?.emit('comment:post', payload, (ack) => this.settle(key, ack));
		}
	}

	private settle(key: string, ack: Posted): void {
		if (ack.ok) {
			const { comment } = ack.data;
			this.viewerId ??= comment.author.id;
			this.model = mergeComment(this.model, comment, 'ack');
			this.hidden = this.hidden.filter((id) => id !== comment.id);
		}
		this.pending = this.pending.filter((p) => p.key !== key);
		this.queue.settle(key, ack);
	}

	async edit(commentId: number, body: string): Promise<Posted> {
		const ack = await this.request<'comment:edit'>('comment:edit', { commentId, body });
		if (ack.ok) this.model = mergeComment(this.model, ack.data.comment, 'ack');
		return ack;
	}

	async remove(commentId: number): Promise<Ack<{ commentId: number }>> {
		const ack = await this.request<'comment:delete'>('comment:delete', { commentId });
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
			if (!(await this.ensureSession())) return { ok: false, error: OFFLINE };
			await this.whenLive();
		}
		const ack = await this.request<'reaction:toggle'>('reaction:toggle', { commentId, emoji });
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
		const ack = await this.request<'thread:page'>('thread:page', {
			slug: this.slug,
			sort: this.sort,
			offset: this.nextOffset
		});
		this.loadingMore = false;
		if (!ack.ok) return false;
		let model = this.model;
		for (const c of ack.data.comments) model = mergeComment(model, c, 'page');
		this.model = model;
		const rank = { ...this.rank };
		this.nextRank = rankOf(ack.data.comments, this.nextRank, rank);
		this.rank = rank;
		this.hasMore = ack.data.hasMore;
		this.nextOffset = ack.data.nextOffset;
		return true;
	}
}
