import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';
import { MemoryPresence, type PresenceTracker } from './presence.ts';

/**
 * Readers per article over every instance. Each instance keeps its own counts in memory (the
 * truth for its own sockets) and copies them into one hash per article, field = instance id.
 * An instance proves it is alive with a key that expires unless refreshed: a crashed
 * instance's readers stop counting after `ttlMs`. While Redis is away, counts are local.
 */
export class RedisPresence implements PresenceTracker {
	private readonly local = new MemoryPresence();
	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly redis: Redis,
		private readonly prefix: string,
		private readonly instanceId: string,
		private readonly logger: Logger,
		private readonly ttlMs = 30_000
	) {
		this.timer = setInterval(() => void this.heartbeat(), Math.floor(ttlMs / 3));
		this.timer.unref();
	}

	private articleKey(slug: string): string {
		return `${this.prefix}presence:${slug}`;
	}

	private aliveKey(instanceId: string): string {
		return `${this.prefix}presence-alive:${instanceId}`;
	}

	async join(slug: string): Promise<void> {
		await this.local.join(slug);
		await this.write(slug);
	}

	async leave(slug: string): Promise<void> {
		await this.local.leave(slug);
		await this.write(slug);
	}

	private async write(slug: string): Promise<void> {
		const n = await this.local.count(slug);
		const tx = this.redis.multi();
		if (n > 0) {
			tx.hset(this.articleKey(slug), this.instanceId, n);
			tx.pexpire(this.articleKey(slug), this.ttlMs * 2);
			tx.set(this.aliveKey(this.instanceId), '1', 'PX', this.ttlMs);
		} else {
			tx.hdel(this.articleKey(slug), this.instanceId);
		}
		// Redis away: the local count stands, and the next heartbeat writes it again.
		await tx.exec().catch(() => undefined);
	}

	async count(slug: string): Promise<number> {
		const own = await this.local.count(slug);
		try {
			const all = await this.redis.hgetall(this.articleKey(slug));
			const others = Object.keys(all).filter((id) => id !== this.instanceId);
			if (others.length === 0) return own;
			const alive = await this.redis.mget(others.map((id) => this.aliveKey(id)));
			let total = own;
			const dead: string[] = [];
			others.forEach((id, i) => {
				if (alive[i] === null) dead.push(id);
				else total += Number(all[id]) || 0;
			});
			if (dead.length > 0) await this.redis.hdel(this.articleKey(slug), ...dead);
			return total;
		} catch {
			return own;
		}
	}

	/** Proves this instance alive and rewrites its counts (Redis may have restarted empty). */
	async heartbeat(): Promise<void> {
		const tx = this.redis.multi();
		tx.set(this.aliveKey(this.instanceId), '1', 'PX', this.ttlMs);
		for (const [slug, n] of this.local.localCounts()) {
			tx.hset(this.articleKey(slug), this.instanceId, n);
			tx.pexpire(this.articleKey(slug), this.ttlMs * 2);
		}
		await tx.exec().catch((error: unknown) => {
			this.logger.debug('presence heartbeat failed', { error: String(error) });
		});
	}

	localCounts(): Map<string, number> {
		return this.local.localCounts();
	}

	localSlugs(): string[] {
		return this.local.localSlugs();
	}

	async close(): Promise<void> {
		clearInterval(this.timer);
		const tx = this.redis.multi();
		for (const slug of this.local.localCounts().keys()) {
			tx.hdel(this.articleKey(slug), this.instanceId);
		}
		tx.del(this.aliveKey(this.instanceId));
		await tx.exec().catch(() => undefined);
	}
}
