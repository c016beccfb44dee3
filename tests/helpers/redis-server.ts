import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { findFreePort } from './free-port.ts';

/** The machine's shared Redis; each test run uses its own key prefix on it. */
export const SHARED_REDIS_URL = process.env.FIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniqueRedisPrefix(): string {
	return `fil-test-${randomBytes(5).toString('hex')}:`;
}

/** Deletes every key under `prefix` on the shared Redis. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
	const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
	try {
		await redis.connect();
		let cursor = '0';
		do {
			const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
			cursor = next;
			if (keys.length > 0) await redis.del(...keys);
		} while (cursor !== '0');
	} finally {
		redis.disconnect();
	}
}

function answersPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.setTimeout(500);
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
	});
}

export interface OwnRedis {
	port: number;
	url: string;
	/** SIGKILL: Redis vanishes, as in a crash (no persistence: it comes back empty). */
	kill(): Promise<void>;
	/** Starts it again on the same port. */
	start(): Promise<void>;
}

/** A redis-server of the test's own, on a free port, without persistence. */
export async function startOwnRedis(): Promise<OwnRedis> {
	const port = await findFreePort();
	let child: ChildProcess | null = null;
	const start = async () => {
		child = spawn(
			'redis-server',
			['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{ stdio: 'ignore' }
		);
		const deadline = Date.now() + 10_000;
		while (!(await answersPing(port))) {
			if (Date.now() > deadline) throw new Error(`redis-server did not start on ${port}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	};
	const kill = async () => {
		const c = child;
		if (!c || c.exitCode !== null || c.signalCode !== null) return;
		const exited = new Promise((r) => c.once('exit', r));
		c.kill('SIGKILL');
		await exited;
	};
	await start();
	return { port, url: `redis://127.0.0.1:${port}`, kill, start };
}
