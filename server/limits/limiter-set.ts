import type Redis from 'ioredis';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { Config } from '../config/config.ts';
import { FilError } from '../errors/fil-error.ts';

export type LimitKind =
	'commentIdentity' | 'commentIp' | 'reactionIp' | 'connectionIp' | 'loginIp' | 'loginAccount';

interface LimitRule {
	points: number;
	duration: number;
}

export function limitRules(config: Config): Record<LimitKind, LimitRule> {
	return {
		commentIdentity: { points: 1, duration: config.LIMIT_COMMENT_IDENTITY_SECONDS },
		// The burst rides on top of the per-minute allowance.
		commentIp: {
			// 0 per minute turns the limit off; the burst only rides on a real allowance.
			points:
				config.LIMIT_COMMENT_IP_PER_MINUTE > 0
					? config.LIMIT_COMMENT_IP_PER_MINUTE + config.LIMIT_COMMENT_IP_BURST
					: 0,
			duration: 60
		},
		reactionIp: { points: config.LIMIT_REACTION_IP_PER_10S, duration: 10 },
		connectionIp: { points: config.LIMIT_CONNECTION_IP_PER_MINUTE, duration: 60 },
		loginIp: { points: config.LIMIT_LOGIN_IP_PER_15MIN, duration: 15 * 60 },
		loginAccount: { points: config.LIMIT_LOGIN_ACCOUNT_PER_15MIN, duration: 15 * 60 }
	};
}

/**
 * One limiter per kind. With Redis the counters are shared by every instance; when Redis does
 * not answer, each limiter falls back to its in-memory insurance twin.
 */
export class LimiterSet {
	private readonly limiters = new Map<LimitKind, RateLimiterAbstract>();
	private readonly disabled = new Set<LimitKind>();

	constructor(config: Config, redis: Redis | null) {
		for (const [kind, rule] of Object.entries(limitRules(config)) as [LimitKind, LimitRule][]) {
			if (rule.points <= 0 || rule.duration <= 0) {
				this.disabled.add(kind);
				continue;
			}
			const memory = new RateLimiterMemory({ keyPrefix: `fil:${kind}`, ...rule });
			this.limiters.set(
				kind,
				redis
					? new RateLimiterRedis({
							storeClient: redis,
							keyPrefix: `fil:${kind}`,
							insuranceLimiter: memory,
							rejectIfRedisNotReady: true,
							...rule
						})
					: memory
			);
		}
	}

	/** Spends one point for `key`; over the limit, throws RATE_LIMITED with the wait. */
	async consume(kind: LimitKind, key: string): Promise<void> {
		const limiter = this.limiters.get(kind);
		if (!limiter || this.disabled.has(kind)) return;
		try {
			await limiter.consume(key);
		} catch (error) {
			if (error instanceof RateLimiterRes) {
				throw new FilError('RATE_LIMITED', { retryAfterMs: Math.max(1, error.msBeforeNext) });
			}
			throw error;
		}
	}

	/** Forgets a key's spending, e.g. after a successful sign-in. */
	async reset(kind: LimitKind, key: string): Promise<void> {
		await this.limiters.get(kind)?.delete(key);
	}
}
