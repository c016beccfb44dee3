import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/config.ts';
import { limitRules } from '../../server/limits/limiter-set.ts';

const secrets = {
	IP_HASH_SECRET: 'x'.repeat(32),
	TOKEN_SECRET: 'y'.repeat(32)
};

function load(env: Record<string, string>) {
	return loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'fil-config-')), ...env });
}

describe('scale-out configuration', () => {
	it('has the limits of the issue by default', () => {
		const rules = limitRules(load({}));
		expect(rules.commentIdentity).toMatchObject({ points: 1, duration: 15 });
		expect(rules.commentIp).toMatchObject({ points: 5, duration: 60 });
		expect(rules.commentIp.burst?.points).toBe(2);
		expect(rules.reactionIp).toMatchObject({ points: 30, duration: 10 });
		expect(rules.connectionIp).toMatchObject({ points: 20, duration: 60 });
	});

	it('switches a limit off with 0', () => {
		const rules = limitRules(load({ LIMIT_COMMENT_IDENTITY_SECONDS: '0' }));
		expect(rules.commentIdentity.points).toBe(0);
	});

	it('refuses negative or non-numeric limits', () => {
		expect(() => load({ LIMIT_REACTION_IP_PER_10S: '-1' })).toThrow(ConfigError);
		expect(() => load({ LIMIT_COMMENT_IP_PER_MINUTE: 'beaucoup' })).toThrow(ConfigError);
	});

	it('requires shared secrets with Redis, so instances hash addresses alike', () => {
		expect(() => load({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/IP_HASH_SECRET/);
		expect(load({ REDIS_URL: 'redis://127.0.0.1:6379', ...secrets }).REDIS_URL).toBeDefined();
	});

	it('validates the Redis prefix and the PostgreSQL schema name', () => {
		expect(() => load({ REDIS_KEY_PREFIX: 'a b' })).toThrow(ConfigError);
		expect(() =>
			load({ DATABASE_URL: 'postgres://h/db', DATABASE_SCHEMA: 'x; drop table comments' })
		).toThrow(ConfigError);
		expect(() => load({ DATABASE_SCHEMA: 't_1' })).toThrow(/DATABASE_URL/);
		expect(load({ DATABASE_URL: 'postgres://h/db', DATABASE_SCHEMA: 't_1' }).DATABASE_SCHEMA).toBe(
			't_1'
		);
	});
});
