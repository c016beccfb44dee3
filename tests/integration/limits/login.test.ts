import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config/config.ts';
import { FilError } from '../../../server/errors/fil-error.ts';
import { LimiterSet, type LimitKind } from '../../../server/limits/limiter-set.ts';
import {
	deleteRedisKeys,
	SHARED_REDIS_URL,
	uniqueRedisPrefix
} from '../../helpers/redis-server.ts';

// The sign-in limits are spent by the moderation door; here two LimiterSets on one real Redis
// stand for two instances.
const prefix = uniqueRedisPrefix();
const clients: Redis[] = [];
let instances: LimiterSet[];

function config() {
	return loadConfig({
		DATA_DIR: '/tmp/fil-limits-login-test',
		REDIS_URL: SHARED_REDIS_URL,
		REDIS_KEY_PREFIX: prefix,
		IP_HASH_SECRET: 'login-test-ip-hash-secret-0123456789abcdef',
		TOKEN_SECRET: 'login-test-token-secret-0123456789abcdefgh',
		LIMIT_LOGIN_IP_PER_15MIN: '4',
		LIMIT_LOGIN_ACCOUNT_PER_15MIN: '3'
	});
}

async function outcome(set: LimiterSet, kind: LimitKind, key: string): Promise<string> {
	try {
		await set.consume(kind, key);
		return 'ok';
	} catch (error) {
		if (!(error instanceof FilError)) throw error;
		return error.code;
	}
}

beforeAll(async () => {
	instances = [];
	for (let i = 0; i < 2; i++) {
		const redis = new Redis(SHARED_REDIS_URL, { enableOfflineQueue: false });
		await new Promise((resolve) => redis.once('ready', resolve));
		clients.push(redis);
		instances.push(new LimiterSet(config(), redis));
	}
});

afterAll(async () => {
	for (const c of clients) c.disconnect();
	await deleteRedisKeys(SHARED_REDIS_URL, prefix);
});

describe('sign-in limits shared through Redis', () => {
	it('stops attempts on one account at the limit, across instances', async () => {
		const results = [];
		for (let i = 0; i < 4; i++) {
			results.push(await outcome(instances[i % 2], 'loginAccount', 'author-account'));
		}
		expect(results).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
		expect(await outcome(instances[0], 'loginAccount', 'another-account')).toBe('ok');
	});

	it('stops attempts from one address at the limit, across instances', async () => {
		const results = [];
		for (let i = 0; i < 5; i++)
			results.push(await outcome(instances[i % 2], 'loginIp', 'ip-hash-1'));
		expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED']);
	});

	it('forgets an account’s failures after a successful sign-in', async () => {
		for (let i = 0; i < 3; i++) await instances[0].consume('loginAccount', 'reset-me');
		expect(await outcome(instances[1], 'loginAccount', 'reset-me')).toBe('RATE_LIMITED');
		await instances[1].reset('loginAccount', 'reset-me');
		expect(await outcome(instances[0], 'loginAccount', 'reset-me')).toBe('ok');
	});
});
