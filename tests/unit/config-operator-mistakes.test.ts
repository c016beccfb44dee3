import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// existsSync is wrapped so a test can replay what two processes starting together see.
const fsState = vi.hoisted(() => ({ hideExisting: false }));
vi.mock('node:fs', async (importOriginal) => {
	const actual = await importOriginal<typeof import('node:fs')>();
	return {
		...actual,
		existsSync: (path: import('node:fs').PathLike) =>
			fsState.hideExisting ? false : actual.existsSync(path)
	};
});

const { ConfigError, loadConfig } = await import('../../server/config/config.ts');
const { loadOrCreateSecrets } = await import('../../server/config/secrets.ts');
const { mailOrigin } = await import('../../server/outbox/mail-origin.ts');

const dataDir = () => mkdtempSync(join(tmpdir(), 'fil-config-ops-'));

afterEach(() => {
	fsState.hideExisting = false;
});

describe('configuration values an operator can get wrong', () => {
	it('a limit or port made of blanks counts as unset, not as 0 (limit off, random port)', () => {
		// z.coerce.number() turns ' ' into 0: a stray space would switch a rate limit off.
		const plain = loadConfig({ DATA_DIR: dataDir() });
		const blanks = loadConfig({
			DATA_DIR: dataDir(),
			LIMIT_COMMENT_IP_PER_MINUTE: ' ',
			PORT: ' \t'
		});
		expect(blanks.LIMIT_COMMENT_IP_PER_MINUTE).toBe(plain.LIMIT_COMMENT_IP_PER_MINUTE);
		expect(blanks.LIMIT_COMMENT_IP_PER_MINUTE).toBeGreaterThan(0);
		expect(blanks.PORT).toBe(3000);
	});

	it('an ORIGIN with a path is refused (mail links would point under a path the site does not serve)', () => {
		for (const ORIGIN of ['https://blog.example.org/fil', 'https://blog.example.org/?x=1']) {
			expect(() => loadConfig({ DATA_DIR: dataDir(), ORIGIN })).toThrow(ConfigError);
			expect(() => loadConfig({ DATA_DIR: dataDir(), ORIGIN })).toThrow(/ORIGIN.*sans chemin/);
		}
		const root = loadConfig({ DATA_DIR: dataDir(), ORIGIN: 'https://blog.example.org/' });
		expect(mailOrigin(root)).toBe('https://blog.example.org');
	});
});

describe('secrets generated into DATA_DIR', () => {
	it('two processes starting together on an empty DATA_DIR end with the same secrets', () => {
		const dir = dataDir();
		// Both check for secrets.json before either has written it (server + `npm run worker`
		// started together on first boot), then each writes its own.
		fsState.hideExisting = true;
		const first = loadOrCreateSecrets(dir, {});
		const second = loadOrCreateSecrets(dir, {});
		fsState.hideExisting = false;
		const onDisk = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'));
		// The process that lost the race keeps signing mail links and hashing IPs with secrets
		// no other process (nor itself after a restart) will ever use again.
		expect(first.tokenSecret).toBe(onDisk.tokenSecret);
		expect(second.tokenSecret).toBe(onDisk.tokenSecret);
	});
});
