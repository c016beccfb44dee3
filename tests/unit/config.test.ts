import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'fil-config-'));

describe('configuration from the environment', () => {
	it('has defaults that serve on SQLite alone', () => {
		const config = loadConfig({ DATA_DIR: dataDir() });
		expect(config.PORT).toBe(3000);
		expect(config.DATABASE_URL).toBeUndefined();
		expect(config.REDIS_URL).toBeUndefined();
		expect(config.TRUST_PROXY_HOPS).toBe(0);
	});

	it('generates secrets once into the data directory and keeps them', () => {
		const dir = dataDir();
		const first = loadConfig({ DATA_DIR: dir });
		const second = loadConfig({ DATA_DIR: dir });
		expect(first.ipHashSecret.length).toBeGreaterThanOrEqual(32);
		expect(second.ipHashSecret).toBe(first.ipHashSecret);
		expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toContain(first.tokenSecret);
	});

	it('says clearly which value is wrong', () => {
		expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: 'abc' })).toThrow(ConfigError);
		expect(() => loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'mysql://x' })).toThrow(
			/DATABASE_URL/
		);
		expect(() => loadConfig({ DATA_DIR: dataDir(), REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
	});
});
