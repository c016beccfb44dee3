import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../../helpers/free-port.ts';

/**
 * README: "Every variable is optional and checked at start; a bad value stops the process with
 * a message naming it." An operator must get that message, not a Node crash dump.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

function run(
	script: string,
	args: string[],
	env: Record<string, string>
): Promise<{ code: number | null; output: string }> {
	return new Promise((done) => {
		const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
			cwd: ROOT,
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr.on('data', (c: Buffer) => (output += c.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		child.once('exit', (code) => {
			clearTimeout(timer);
			done({ code, output });
		});
	});
}

const dataDir = () => mkdtempSync(join(tmpdir(), 'fil-ops-'));

describe('start-up failures an operator can make', () => {
	it('an invalid variable stops the server with a message naming it, not a stack trace', async () => {
		const { code, output } = await run('server/index.ts', [], {
			DATA_DIR: dataDir(),
			PORT: 'abc'
		});
		expect(code).not.toBe(0);
		expect(output).toContain('PORT');
		expect(output).not.toMatch(STACK_FRAME);
	});

	it('a port already in use is reported plainly, not as an unhandled error event', async () => {
		const port = await findFreePort();
		const blocker = createServer();
		await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
		try {
			const { code, output } = await run('server/index.ts', [], {
				DATA_DIR: dataDir(),
				HOST: '127.0.0.1',
				PORT: String(port),
				MAIL_WORKER: 'false'
			});
			expect(code).not.toBe(0);
			expect(output).toContain(String(port));
			expect(output).not.toContain("Unhandled 'error' event");
			expect(output).not.toMatch(STACK_FRAME);
		} finally {
			blocker.close();
		}
	});

	it('a damaged secrets.json is reported with its path, not as a JSON parser crash', async () => {
		const dir = dataDir();
		writeFileSync(join(dir, 'secrets.json'), '{"ipHashSecret": "trunc');
		const { code, output } = await run('server/index.ts', [], { DATA_DIR: dir, PORT: '0' });
		expect(code).not.toBe(0);
		expect(output).toContain('secrets.json');
		expect(output).not.toMatch(STACK_FRAME);
	});

	it('a missing CONTENT_DIR is reported by name, not as a raw ENOENT dump', async () => {
		const { code, output } = await run('server/index.ts', [], {
			DATA_DIR: dataDir(),
			PORT: '0',
			CONTENT_DIR: join(tmpdir(), 'fil-ops-no-such-content')
		});
		expect(code).not.toBe(0);
		expect(output).toContain('CONTENT_DIR');
		expect(output).not.toMatch(STACK_FRAME);
	});

	it('`npm run author` with a bad variable says so without a stack trace', async () => {
		const { code, output } = await run(
			'server/cli/author.ts',
			['create', '--email', 'vous@example.org', '--name', 'Vous'],
			{ DATA_DIR: dataDir(), LOG_LEVEL: 'verbose', FIL_AUTHOR_PASSWORD: 'abcdefghijkl' }
		);
		expect(code).not.toBe(0);
		expect(output).toContain('LOG_LEVEL');
		expect(output).not.toMatch(STACK_FRAME);
	});
});
