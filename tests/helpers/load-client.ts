import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { Ack, ErrorCode } from '../../server/contract/errors.ts';
import type {
	PublicComment,
	ThreadEvent,
	ThreadPage,
	ThreadSync
} from '../../server/contract/types.ts';
import { PostQueue, type Posted } from '../../src/lib/live/post-queue.ts';
import type { TestSocket } from './socket-client.ts';

export interface LoadClientOptions {
	url: string;
	cookie: string;
	slug: string;
	name: string;
	/** e.g. x-forwarded-for, for a server behind a trusted proxy. */
	headers?: Record<string, string>;
	/** Posts waiting at most; past it, `post()` does nothing (a reader stops typing). */
	maxQueued?: number;
}

const RETRYABLE: ErrorCode[] = ['UNAVAILABLE', 'RATE_LIMITED'];

/**
 * A reader under load, built as the live client is: every post has an idempotency key and
 * waits in the client's own PostQueue until acknowledged; when the connection drops, the
 * socket reconnects by itself, catches up from its cursor (the last event id held in unbroken
 * sequence), then sends again every post not answered, with the same key.
 */
export class LoadClient {
	readonly socket: TestSocket;
	/** Idempotency key → comment id, for every acknowledged post. */
	readonly acked = new Map<string, number>();
	/** Final refusals by code (retryable ones are tried again instead). */
	readonly refused = new Map<string, number>();
	/** The thread as this client holds it: live events plus catch-up. */
	readonly thread = new Map<number, PublicComment>();
	readonly disconnects: string[] = [];
	tried = 0;
	sends = 0;
	/** When each send left (Date.now()), resends included: the load the server saw. */
	readonly sentAt: number[] = [];
	/** Sends that got no answer on their connection (it closed or timed out). */
	unanswered = 0;
	/** Answers saying "not now" (UNAVAILABLE, RATE_LIMITED): sent again later. */
	deferred = 0;
	connects = 0;
	resyncs = 0;
	resets = 0;
	cursor = 0;
	private readonly ahead = new Set<number>();
	private readonly queue = new PostQueue();
	private readonly watchers = new Set<() => void>();
	private joined = false;
	private readonly timers = new Map<string, NodeJS.Timeout>();
	private n = 0;

	constructor(private readonly options: LoadClientOptions) {
		const extraHeaders = { ...options.headers, cookie: options.cookie };
		this.socket = io(options.url, {
			transports: ['websocket'],
			forceNew: true,
			reconnectionDelay: 100,
			reconnectionDelayMax: 400,
			randomizationFactor: 0,
			extraHeaders
		});
		this.socket.on('connect', () => {
			this.connects += 1;
			void this.join();
		});
		this.socket.on('disconnect', (reason) => {
			this.disconnects.push(reason);
			this.joined = false;
			this.queue.markAllUnsent();
		});
		this.socket.on('comment:created', (e) => this.applyLive({ type: 'comment:created', ...e }));
		this.socket.on('thread:resync', () => {
			this.resyncs += 1;
			void this.join();
		});
	}

	get isJoined(): boolean {
		return this.joined;
	}

	get waiting(): number {
		return this.queue.size;
	}

	/** Queues a new post (sent at once when connected); false when too many wait already. */
	post(): boolean {
		if (this.queue.size >= (this.options.maxQueued ?? 50)) return false;
		this.n += 1;
		this.tried += 1;
		const key = randomUUID();
		const payload = {
			slug: this.options.slug,
			body: `${this.options.name} — message ${this.n}`,
			name: this.options.name,
			email: 'charge@example.org',
			website: '',
			idempotencyKey: key
		};
		this.queue.add(key, payload, (ack) => this.settled(key, ack));
		this.flush();
		return true;
	}

	/** Resolves once `predicate` holds (checked after each change). */
	waitFor(what: string, predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
		if (predicate()) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const check = () => {
				if (!predicate()) return;
				this.watchers.delete(check);
				clearTimeout(timer);
				resolve();
			};
			const timer = setTimeout(() => {
				this.watchers.delete(check);
				reject(new Error(`${this.options.name}: ${what} still not true after ${timeoutMs} ms`));
			}, timeoutMs);
			this.watchers.add(check);
		});
	}

	/** Every queued post acknowledged (or finally refused). */
	drained(timeoutMs?: number): Promise<void> {
		return this.waitFor('every post answered', () => this.queue.size === 0, timeoutMs);
	}

	close(): void {
		for (const t of this.timers.values()) clearTimeout(t);
		this.socket.disconnect();
	}

	private changed(): void {
		for (const w of [...this.watchers]) w();
	}

	private request<T>(name: string, payload: unknown): Promise<Ack<T> | null> {
		return new Promise((resolve) => {
			const timed = this.socket.timeout(20_000) as unknown as {
				emit(n: string, p: unknown, cb: (err: Error | null, a: Ack<T>) => void): void;
			};
			timed.emit(name, payload, (err, ack) => resolve(err ? null : ack));
		});
	}

	private async join(): Promise<void> {
		const ack = await this.request<ThreadSync>('thread:join', {
			slug: this.options.slug,
			since: this.cursor
		});
		if (!ack?.ok) {
			// Refused or cut: the next connection joins again; a refusal while connected retries.
			if (this.socket.connected) this.retrySoon('join', 200, () => void this.join());
			return;
		}
		if (ack.data.reset) await this.reload();
		else for (const e of ack.data.events) this.apply(e);
		this.cursor = Math.max(this.cursor, ack.data.cursor);
		for (const id of [...this.ahead]) if (id <= this.cursor) this.ahead.delete(id);
		this.joined = true;
		this.changed();
		this.flush();
	}

	/** Too far behind for a replay: read the whole thread again, page by page. */
	private async reload(): Promise<void> {
		this.resets += 1;
		let offset = 0;
		for (;;) {
			const ack = await this.request<ThreadPage>('thread:page', {
				slug: this.options.slug,
				sort: 'oldest',
				offset
			});
			if (!ack?.ok) return;
			for (const c of ack.data.comments) this.thread.set(c.id, c);
			if (!ack.data.hasMore) return;
			offset = ack.data.nextOffset;
		}
	}

	private applyLive(e: ThreadEvent): void {
		this.apply(e);
		if (e.eventId > this.cursor) this.ahead.add(e.eventId);
		while (this.ahead.delete(this.cursor + 1)) this.cursor += 1;
		this.changed();
	}

	private apply(e: ThreadEvent): void {
		if (e.type === 'comment:created' || e.type === 'comment:updated') {
			this.thread.set(e.comment.id, e.comment);
		}
	}

	private flush(): void {
		if (!this.joined || !this.socket.connected) return;
		for (const [key, payload] of this.queue.takeUnsent()) {
			this.sends += 1;
			this.sentAt.push(Date.now());
			void this.request<{ comment: PublicComment }>('comment:post', payload).then((ack) => {
				if (ack === null) {
					// No answer on this connection: sent again on the next one, or soon.
					this.unanswered += 1;
					this.queue.markUnsent(key);
					this.retrySoon('flush', 200, () => this.flush());
				} else if (!ack.ok && RETRYABLE.includes(ack.error.code)) {
					this.deferred += 1;
					this.queue.markUnsent(key);
					this.retrySoon('flush', ack.error.retryAfterMs ?? 200, () => this.flush());
				} else {
					this.queue.settle(key, ack);
				}
			});
		}
	}

	private retrySoon(what: string, ms: number, run: () => void): void {
		if (this.timers.has(what)) return;
		this.timers.set(
			what,
			setTimeout(() => {
				this.timers.delete(what);
				run();
			}, ms)
		);
	}

	private settled(key: string, ack: Posted): void {
		if (ack.ok) {
			this.acked.set(key, ack.data.comment.id);
			this.thread.set(ack.data.comment.id, ack.data.comment);
		} else {
			this.refused.set(ack.error.code, (this.refused.get(ack.error.code) ?? 0) + 1);
		}
		this.changed();
	}
}

export interface Pacer {
	/** Posts queued so far. */
	readonly queued: number;
	readonly startedAt: number;
	stop(): void;
}

/** Spreads `perSecond` posts a second over the clients, round robin, until stopped. */
export function startPacer(clients: LoadClient[], perSecond: number): Pacer {
	const startedAt = Date.now();
	let due = 0;
	let queued = 0;
	let next = 0;
	const timer = setInterval(() => {
		const target = Math.floor(((Date.now() - startedAt) * perSecond) / 1000);
		while (due < target) {
			due += 1;
			if (clients[next++ % clients.length].post()) queued += 1;
		}
	}, 10);
	return {
		get queued() {
			return queued;
		},
		startedAt,
		stop: () => clearInterval(timer)
	};
}

/** 12345 → "12,345", for the one-line summaries. */
export function figure(n: number): string {
	return n.toLocaleString('en-US');
}
