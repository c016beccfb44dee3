import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

const live = new Set<ChildProcess>();

/** Every child dies with the harness, however it ends. */
function killAll(): void {
	for (const child of live) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		killAll();
		process.exit(130);
	});
}

export interface NodeChild {
	child: ChildProcess;
	logs: string[];
	exited: Promise<number | null>;
	send(message: unknown): void;
	/** Resolves with the first message satisfying `match`. */
	next<T>(match: (m: T) => boolean, timeoutMs: number, what: string): Promise<T>;
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Starts `node <args>` through bash so the child can raise its own file-descriptor limit to
 * the hard limit, with an IPC channel (structured clone, so typed arrays travel cheaply).
 */
export function spawnNode(
	args: string[],
	options: { env?: Record<string, string>; quiet?: boolean; name: string; cpus?: string }
): NodeChild {
	// `cpus` (taskset's list, e.g. "0") keeps the process on those cores.
	const pin = options.cpus ? `taskset -c ${options.cpus} ` : '';
	const child = spawn(
		'bash',
		['-c', `ulimit -n "$(ulimit -Hn)"; exec ${pin}"$0" "$@"`, process.execPath, ...args],
		{
			cwd: ROOT,
			env: { ...process.env, ...options.env },
			stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
			serialization: 'advanced'
		}
	);
	live.add(child);
	const logs: string[] = [];
	const collect = (chunk: Buffer) => {
		for (const line of chunk.toString().split('\n').filter(Boolean)) {
			logs.push(line);
			if (logs.length > 400) logs.shift();
			if (!options.quiet) console.error(`[${options.name}] ${line}`);
		}
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const exited = new Promise<number | null>((done) =>
		child.once('exit', (code) => {
			live.delete(child);
			done(code);
		})
	);
	return {
		child,
		logs,
		exited,
		send: (message) => {
			if (child.connected) child.send(message as never);
		},
		next: <T>(match: (m: T) => boolean, timeoutMs: number, what: string) =>
			new Promise<T>((resolvePromise, reject) => {
				const onMessage = (m: T) => {
					if (!match(m)) return;
					cleanup();
					resolvePromise(m);
				};
				const onExit = (code: number | null) => {
					cleanup();
					reject(new Error(`${options.name} exited (${code}) waiting for ${what}\n${tail(logs)}`));
				};
				const timer = setTimeout(() => {
					cleanup();
					reject(new Error(`${options.name}: no ${what} within ${timeoutMs} ms\n${tail(logs)}`));
				}, timeoutMs);
				const cleanup = () => {
					clearTimeout(timer);
					child.off('message', onMessage);
					child.off('exit', onExit);
				};
				child.on('message', onMessage);
				child.once('exit', onExit);
			}),
		stop: async (signal = 'SIGTERM', graceMs = 10_000) => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
	};
}

function tail(logs: string[]): string {
	return logs.slice(-20).join('\n');
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export function now(): number {
	return performance.timeOrigin + performance.now();
}
