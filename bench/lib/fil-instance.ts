import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RELAXED_LIMITS } from '../../tests/helpers/fil-server.ts';
import { findFreePort } from '../../tests/helpers/free-port.ts';
import type { MemoryReport } from '../servers/bench-probe.ts';
import { ROOT, sleep, spawnNode, type NodeChild } from './processes.ts';

export const SLUG = 'cout-de-l-ia';

export interface ServerHandle {
	url: string;
	port: number;
	proc: NodeChild;
	memory(): Promise<MemoryReport>;
	/** CPU-profiles the server's main thread from now until `profileStop`. */
	profileStart(): Promise<void>;
	/** Writes bench/profiles/<name>.cpuprofile and returns its path. */
	profileStop(name: string): Promise<string>;
	stop(): Promise<void>;
}

export interface FilHandle extends ServerHandle {
	dataDir: string;
	dbFile: string;
}

export interface StartOptions {
	env?: Record<string, string>;
	dataDir?: string;
	keepData?: boolean;
	/** Cores the server may run on (taskset), all by default. */
	cpus?: string;
}

function probesOf(proc: NodeChild) {
	return {
		memory: async () => {
			const reply = proc.next<MemoryReport>((m) => m?.type === 'memory', 30_000, 'memory report');
			proc.send({ type: 'memory' });
			return reply;
		},
		profileStart: async () => {
			const reply = proc.next<{ type: string }>(
				(m) => m?.type === 'profile:started',
				30_000,
				'profile'
			);
			proc.send({ type: 'profile:start' });
			await reply;
		},
		profileStop: async (name: string) => {
			const file = join(ROOT, 'bench/profiles', `${name}.cpuprofile`);
			const reply = proc.next<{ type: string }>(
				(m) => m?.type === 'profile:stopped',
				60_000,
				'profile'
			);
			proc.send({ type: 'profile:stop', file });
			await reply;
			return file;
		}
	};
}

/** The real server over `npm run build` output, with its own data directory and no limits. */
export async function startFil(options: StartOptions = {}): Promise<FilHandle> {
	const port = await findFreePort();
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fil-bench-'));
	const proc = spawnNode(
		['--expose-gc', '--import', 'tsx', 'bench/servers/instrumented-server.ts'],
		{
			name: `fil:${port}`,
			quiet: true,
			cpus: options.cpus,
			env: {
				PORT: String(port),
				HOST: '127.0.0.1',
				DATA_DIR: dataDir,
				LOG_LEVEL: 'warn',
				MAIL_WORKER: 'false',
				NODE_ENV: 'production',
				...RELAXED_LIMITS,
				...options.env
			}
		}
	);
	const url = `http://127.0.0.1:${port}`;
	await waitForHealth(url, proc);
	return {
		url,
		port,
		proc,
		dataDir,
		dbFile: join(dataDir, 'fil.sqlite'),
		...probesOf(proc),
		stop: async () => {
			await proc.stop('SIGTERM');
			if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function waitForHealth(url: string, proc: NodeChild): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (proc.child.exitCode !== null) {
			throw new Error(`server exited with ${proc.child.exitCode}:\n${proc.logs.join('\n')}`);
		}
		try {
			const res = await fetch(`${url}/healthz`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await sleep(100);
	}
	await proc.stop('SIGKILL');
	throw new Error(`server did not start:\n${proc.logs.join('\n')}`);
}

/** A baseline server from bench/servers/, ready when it says so over IPC. */
export async function startBaseline(
	script: string,
	env: Record<string, string> = {}
): Promise<ServerHandle> {
	const port = await findFreePort();
	const proc = spawnNode(['--expose-gc', '--import', 'tsx', script], {
		name: `${script}:${port}`,
		quiet: true,
		env: { PORT: String(port), ...env }
	});
	await proc.next<{ type: string }>((m) => m?.type === 'ready', 30_000, 'ready');
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		proc,
		...probesOf(proc),
		stop: () => proc.stop('SIGTERM', 3000)
	};
}

/** Makes an anonymous identity over HTTP, as the browser does, and returns its cookie. */
export async function createSessionCookie(url: string): Promise<string> {
	const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { origin: url } });
	const setCookie = res.headers.get('set-cookie');
	if (!setCookie) throw new Error(`no session cookie (${res.status})`);
	return setCookie.split(';')[0];
}

export async function createSessionCookies(url: string, count: number): Promise<string[]> {
	const cookies: string[] = [];
	for (let i = 0; i < count; i += 20) {
		const batch = Array.from({ length: Math.min(20, count - i) }, () => createSessionCookie(url));
		cookies.push(...(await Promise.all(batch)));
	}
	return cookies;
}
