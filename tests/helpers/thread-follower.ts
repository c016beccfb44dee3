import type { Ack } from '../../server/contract/errors.ts';
import type {
	PublicComment,
	ReactionCounts,
	ThreadEvent,
	ThreadSync
} from '../../server/contract/types.ts';
import { emitAck, type TestSocket } from './socket-client.ts';

const LIVE_EVENTS = [
	'comment:created',
	'comment:updated',
	'comment:deleted',
	'reaction:updated',
	'thread:closed'
] as const;

/**
 * Follows an article's thread as the live client must: applies live events, keeps as cursor
 * the last event id held in unbroken sequence (a later event may arrive while an earlier one
 * was lost), and on `thread:resync` re-joins with that cursor to read what it missed.
 */
export class ThreadFollower {
	readonly comments = new Map<number, PublicComment>();
	readonly deleted = new Set<number>();
	readonly reactions = new Map<number, ReactionCounts>();
	cursor = 0;
	presence = 0;
	resyncs = 0;
	private readonly seenAhead = new Set<number>();
	private readonly watchers = new Set<() => void>();

	private constructor(
		readonly socket: TestSocket,
		readonly slug: string
	) {}

	static async join(socket: TestSocket, slug: string): Promise<ThreadFollower> {
		const follower = new ThreadFollower(socket, slug);
		for (const type of LIVE_EVENTS) {
			socket.on(type, (payload: object) => follower.applyLive({ type, ...payload } as ThreadEvent));
		}
		socket.on('presence:updated', (e) => {
			if (e.articleSlug !== slug) return;
			follower.presence = e.count;
			follower.changed();
		});
		socket.on('thread:resync', () => void follower.sync().catch(() => undefined));
		await follower.sync(null);
		return follower;
	}

	/** thread:join with the cursor (or null for "from now"), applying the events missed. */
	async sync(since: number | null = this.cursor): Promise<void> {
		const ack: Ack<ThreadSync> = await emitAck<ThreadSync>(this.socket, 'thread:join', {
			slug: this.slug,
			since
		});
		if (!ack.ok) throw new Error(`thread:join failed: ${ack.error.code}`);
		if (since !== null) this.resyncs += 1;
		for (const e of ack.data.events) this.apply(e);
		this.cursor = Math.max(this.cursor, ack.data.cursor);
		for (const id of [...this.seenAhead]) if (id <= this.cursor) this.seenAhead.delete(id);
		this.presence = ack.data.presence;
		this.changed();
	}

	private applyLive(e: ThreadEvent): void {
		this.apply(e);
		if (e.eventId > this.cursor) this.seenAhead.add(e.eventId);
		while (this.seenAhead.delete(this.cursor + 1)) this.cursor += 1;
		this.changed();
	}

	private apply(e: ThreadEvent): void {
		if (e.type === 'comment:created' || e.type === 'comment:updated') {
			this.comments.set(e.comment.id, e.comment);
		} else if (e.type === 'comment:deleted') {
			this.deleted.add(e.commentId);
		} else if (e.type === 'reaction:updated') {
			this.reactions.set(e.commentId, e.reactions);
		}
	}

	private changed(): void {
		for (const w of this.watchers) w();
	}

	/** Resolves once `predicate` holds; rejects after `timeoutMs` saying what was awaited. */
	waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
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
				reject(new Error(`${what}: still not true after ${timeoutMs} ms`));
			}, timeoutMs);
			this.watchers.add(check);
		});
	}
}
