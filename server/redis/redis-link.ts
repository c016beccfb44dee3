import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log/logger.ts';

type Role = 'command' | 'pub' | 'sub';
const ROLES: Role[] = ['command', 'pub', 'sub'];

/** Reconnect quickly at first, then every 2 s, forever: an outage is survived, not fatal. */
function retryDelay(times: number): number {
	return Math.min(100 * 2 ** Math.min(times, 5), 2000);
}

/**
 * A rejected command nobody awaits (the Socket.IO adapter publishes and subscribes without
 * catching) would crash the process: these methods get a handler. The outage itself is reported
 * by the connection events.
 */
function guardCommands(client: Redis, names: string[]): void {
	const methods = client as unknown as Record<string, (...args: unknown[]) => unknown>;
	for (const name of names) {
		const original = methods[name].bind(client);
		methods[name] = (...args: unknown[]) => {
			const result = original(...args);
			if (result instanceof Promise) result.catch(() => {});
			return result;
		};
	}
}

/**
 * The process's Redis connections, made once: `command` for limiters, presence and health
 * (no offline queue: a call fails at once while Redis is away, so the in-memory insurance
 * limiter answers), `pub`/`sub` for the Socket.IO adapter. An outage is logged once when it
 * starts and once when it ends; listeners registered with `onRecover` run at the end.
 */
export class RedisLink {
	readonly command: Redis;
	readonly pub: Redis;
	readonly sub: Redis;
	private readonly ready = new Set<Role>();
	private readonly recoverListeners = new Set<() => void>();
	private readonly readyWaiters = new Set<() => void>();
	private down = false;
	private everUp = false;
	private closing = false;

	constructor(
		url: string,
		private readonly logger: Logger,
		name = 'fil'
	) {
		const base: RedisOptions = { retryStrategy: retryDelay, connectTimeout: 5000 };
		this.command = new Redis(url, {
			...base,
			connectionName: `${name}-command`,
			enableOfflineQueue: false,
			maxRetriesPerRequest: 1
		});
		this.pub = new Redis(url, {
			...base,
			connectionName: `${name}-pub`,
			enableOfflineQueue: false
		});
		// The subscriber queues its SUBSCRIBE until connected and re-subscribes after a reconnect.
		this.sub = new Redis(url, {
			...base,
			connectionName: `${name}-sub`,
			maxRetriesPerRequest: null
		});
		guardCommands(this.pub, ['publish']);
		guardCommands(this.sub, ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']);
		for (const role of ROLES) this.watch(role, this.client(role));
	}

	private client(role: Role): Redis {
		return role === 'command' ? this.command : role === 'pub' ? this.pub : this.sub;
	}

	private watch(role: Role, client: Redis): void {
		client.on('ready', () => {
			this.ready.add(role);
			if (this.ready.size === ROLES.length) this.allReady();
		});
		const lost = (error?: Error) => {
			this.ready.delete(role);
			if (this.closing || this.down) return;
			this.down = true;
			this.logger.warn(
				'Redis unreachable: going on alone (in-memory rate limits, local fan-out) until it returns',
				{ role, error: error ? error.message : 'connection closed' }
			);
		};
		client.on('error', (error: Error) => lost(error));
		client.on('close', () => lost());
	}

	private allReady(): void {
		for (const done of this.readyWaiters) done();
		this.readyWaiters.clear();
		if (this.down) {
			this.down = false;
			this.logger.info('Redis is back: shared rate limits and cross-instance fan-out resume');
			for (const listener of this.recoverListeners) listener();
		} else if (!this.everUp) {
			this.logger.info('Redis connected: rooms, presence and rate limits shared by instances');
		}
		this.everUp = true;
	}

	get isReady(): boolean {
		return this.ready.size === ROLES.length;
	}

	/** Resolves true once every connection is ready, or false after `timeoutMs`. */
	waitUntilReady(timeoutMs: number): Promise<boolean> {
		if (this.isReady) return Promise.resolve(true);
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				resolve(true);
			};
			const timer = setTimeout(() => {
				this.readyWaiters.delete(done);
				resolve(false);
			}, timeoutMs);
			this.readyWaiters.add(done);
		});
	}

	/** Called each time Redis answers again after an outage (all three connections ready). */
	onRecover(listener: () => void): () => void {
		this.recoverListeners.add(listener);
		return () => this.recoverListeners.delete(listener);
	}

	async close(): Promise<void> {
		this.closing = true;
		await Promise.allSettled(
			ROLES.map(async (role) => {
				const client = this.client(role);
				if (client.status === 'ready') await client.quit();
				else client.disconnect();
			})
		);
	}
}
