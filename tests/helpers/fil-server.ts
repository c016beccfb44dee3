import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from './free-port.ts';

export interface FilServer {
	url: string;
	port: number;
	dataDir: string;
	env: Record<string, string>;
	logs: string[];
	process: ChildProcess;
	/** SIGTERM, then wait for the exit code. */
	stop(): Promise<number | null>;
	/** SIGKILL: a crash. */
	kill(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Defaults that keep tests from tripping limits they do not test. */
export const RELAXED_LIMITS = {
	LIMIT_COMMENT_IDENTITY_SECONDS: '0',
	LIMIT_COMMENT_IP_PER_MINUTE: '0',
	LIMIT_REACTION_IP_PER_10S: '0',
	LIMIT_CONNECTION_IP_PER_MINUTE: '0',
	LIMIT_IDENTITY_IP_PER_HOUR: '0',
	LIMIT_LOGIN_IP_PER_15MIN: '0',
	LIMIT_LOGIN_ACCOUNT_PER_15MIN: '0'
};

/**
 * Starts the real server (`server/index.ts` over the built SvelteKit app) as a child process
 * on a free port, with its own data directory unless one is given.
 */
export async function startFilServer(
	options: { env?: Record<string, string>; dataDir?: string; port?: number } = {}
): Promise<FilServer> {
	const port = options.port ?? (await findFreePort());
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fil-test-'));
	const env: Record<string, string> = {
		PORT: String(port),
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		LOG_LEVEL: 'info',
		MAIL_WORKER: 'false',
		...RELAXED_LIMITS,
		...options.env
	};
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		cwd: ROOT,
		env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const logs: string[] = [];
	const collect = (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean));
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
	const url = `http://127.0.0.1:${port}`;
	await waitForHealth(url, child, logs);
	return {
		url,
		port,
		dataDir,
		env,
		logs,
		process: child,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			return exited;
		},
		kill: async () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			await exited;
		}
	};
}

async function waitForHealth(url: string, child: ChildProcess, logs: string[]): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`server exited with ${child.exitCode}:\n${logs.join('\n')}`);
		}
		try {
			const res = await fetch(`${url}/healthz`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill('SIGKILL');
	throw new Error(`server did not start:\n${logs.join('\n')}`);
}
