import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { writeHeapSnapshot } from 'node:v8';
import { dirname } from 'node:path';

export interface MemoryReport {
	type: 'memory';
	heapUsed: number;
	heapTotal: number;
	rss: number;
	external: number;
	arrayBuffers: number;
}

async function collectGarbage(): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('start with --expose-gc');
	for (let i = 0; i < 3; i++) {
		gc();
		await new Promise((r) => setImmediate(r));
	}
}

/** Answers `{ type: 'memory' }` on the IPC channel with process.memoryUsage() after GC. */
export function answerMemoryRequests(): void {
	answerProfileRequests();
	process.on('message', (m: { type?: string }) => {
		if (m?.type === 'heap:snapshot' && 'file' in m) {
			void collectGarbage().then(() => {
				writeHeapSnapshot(String(m.file));
				process.send?.({ type: 'heap:written' });
			});
			return;
		}
		if (m?.type !== 'memory') return;
		void collectGarbage().then(() => {
			const u = process.memoryUsage();
			const report: MemoryReport = { type: 'memory', ...u };
			process.send?.(report);
		});
	});
	// The IPC channel must not keep a finished server alive, nor outlive the harness.
	process.channel?.unref();
	process.on('disconnect', () => process.exit(0));
}

/**
 * `{ type: 'profile:start' }` / `{ type: 'profile:stop', file }`: a V8 CPU profile of this
 * thread over just the measured window (not start-up, not connecting).
 */
export function answerProfileRequests(): void {
	let session: Session | null = null;
	const post = <T>(method: string): Promise<T> =>
		new Promise((resolve, reject) =>
			session!.post(method, (err, result) => (err ? reject(err) : resolve(result as T)))
		);
	process.on('message', (m: { type?: string; file?: string }) => {
		if (m?.type === 'profile:start' && !session) {
			session = new Session();
			session.connect();
			void post('Profiler.enable')
				.then(() => post('Profiler.start'))
				.then(() => process.send?.({ type: 'profile:started' }));
		} else if (m?.type === 'profile:stop' && session && m.file) {
			const file = m.file;
			void post<{ profile: unknown }>('Profiler.stop').then(({ profile }) => {
				mkdirSync(dirname(file), { recursive: true });
				writeFileSync(file, JSON.stringify(profile));
				session?.disconnect();
				session = null;
				process.send?.({ type: 'profile:stopped', file });
			});
		}
	});
}
