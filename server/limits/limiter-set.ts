import type Redis from 'ioredis';
import {
	BurstyRateLimiter,
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { Config } from '../config/config.ts';
import { FilError } from '../errors/fil-error.ts';

export type LimitKind =
	'commentIdentity' | 'commentIp' | 'reactionIp' | 'connectionIp' | 'loginIp' | 'loginAccount';

export interface LimitRule {
	points: number;
	duration: number;
	/** Extra points spent only once the steady allowance is gone, refilled every `duration`. */
	burst?: { points: number; duration: number };
}

/** The rules from the configuration; a rule with 0 points is switched off. */
export function limitRules(config: Config): Record<LimitKind, LimitRule> {
	const burst =
		config.LIMIT_COMMENT_IP_BURST > 0
			? { points: config.LIMIT_COMMENT_IP_BURST, duration: config.LIMIT_COMMENT_IP_BURST_SECONDS }
			: undefined;
	return {
		commentIdentity: {
			points: config.LIMIT_COMMENT_IDENTITY_SECONDS > 0 ? 1 : 0,
			duration: config.LIMIT_COMMENT_IDENTITY_SECONDS
		},
		commentIp: { points: config.LIMIT_COMMENT_IP_PER_MINUTE, duration: 60, burst },
		reactionIp: { points: config.LIMIT_REACTION_IP_PER_10S, duration: 10 },
		connectionIp: { points: config.LIMIT_CONNECTION_IP_PER_MINUTE, duration: 60 },
		loginIp: { points: config.LIMIT_LOGIN_IP_PER_15MIN, duration: 15 * 60 },
		loginAccount: { points: config.LIMIT_LOGIN_ACCOUNT_PER_15MIN, duration: 15 * 60 }
	};
}

interface Limiter {
	consume(key: string): Promise<unknown>;
	delete(key: string): Promise<unknown>;
}

/**
 * A Redis limiter shared by every instance, with an in-memory twin that takes over while Redis
 * does not answer (the Redis client fails fast: no offline queue).
 */
function buildOne(redis: Redis | null, keyPrefix: string, rule: LimitRule): RateLimiterAbstract {
	const { points, duration } = rule;
	const memory = new RateLimiterMemory({ keyPrefix, points, duration });
	if (!redis) return memory;
	return new RateLimiterRedis({
		storeClient: redis,
		keyPrefix,
		points,
		duration,
		insuranceLimiter: memory,
		rejectIfRedisNotReady: true
	});
}

function buildLimiter(redis: Redis | null, keyPrefix: string, rule: LimitRule): Limiter {
	const steady = buildOne(redis, keyPrefix, rule);
	if (!rule.burst) return steady;
	const burst = buildOne(redis, `${keyPrefix}:burst`, { ...rule.burst });
	const bursty = new BurstyRateLimiter(steady, burst);
	return {
		consume: (key) => bursty.consume(key),
		delete: (key) => Promise.all([steady.delete(key), burst.delete(key)])
	};
}

/** One limiter per kind; keys are identity ids or keyed IP hashes, never raw addresses. */
export class LimiterSet {
	private readonly limiters = new Map<LimitKind, Limiter>();

	constructor(config: Config, redis: Redis | null) {
		for (const [kind, rule] of Object.entries(limitRules(config)) as [LimitKind, LimitRule][]) {
			if (rule.points <= 0 || rule.duration <= 0) continue;
			this.limiters.set(kind, buildLimiter(redis, `${config.REDIS_KEY_PREFIX}limit:${kind}`, rule));
		}
	}

	/** Spends one point for `key`; over the limit, throws RATE_LIMITED with the wait. */
	async consume(kind: LimitKind, key: string): Promise<void> {
		const limiter = this.limiters.get(kind);
		if (!limiter) return;
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
