import { spawnNode, type NodeChild } from './processes.ts';

interface Connected {
	type: 'connected';
	ok: number;
	failed: number;
	firstError: string;
	ms: number;
}

/** Reader sockets spread over several worker processes. */
export class ListenerPool {
	private constructor(
		private readonly workers: NodeChild[],
		readonly connected: number,
		readonly connectMs: number
	) {}

	static async open(options: {
		kind: 'sio' | 'ws' | 'eio';
		url: string;
		slug: string;
		count: number;
		processes: number;
		maxMs: number;
		/** Cores the reader processes may run on (taskset), all by default. */
		cpus?: string;
	}): Promise<ListenerPool> {
		const n = Math.max(1, Math.min(options.processes, options.count));
		const workers = Array.from({ length: n }, (_, i) =>
			spawnNode(['--import', 'tsx', 'bench/workers/listeners.ts'], {
				name: `${options.kind}-listeners-${i}`,
				env: { BENCH_MAX_MS: String(options.maxMs) },
				cpus: options.cpus
			})
		);
		await Promise.all(
			workers.map((w) => w.next<{ type: string }>((m) => m.type === 'ready', 30_000, 'ready'))
		);
		const started = Date.now();
		const results = await Promise.all(
			workers.map((w, i) => {
				const count = Math.floor(options.count / n) + (i < options.count % n ? 1 : 0);
				const done = w.next<Connected>((m) => m.type === 'connected', options.maxMs, 'connections');
				w.send({
					type: 'connect',
					kind: options.kind,
					url: options.url,
					slug: options.slug,
					count,
					concurrency: 50
				});
				return done;
			})
		);
		const failed = results.reduce((s, r) => s + r.failed, 0);
		if (failed > 0) {
			await Promise.all(workers.map((w) => w.stop('SIGKILL')));
			throw new Error(
				`${failed} ${options.kind} connections failed: ${results.find((r) => r.firstError)?.firstError}`
			);
		}
		const ok = results.reduce((s, r) => s + r.ok, 0);
		return new ListenerPool(workers, ok, Date.now() - started);
	}

	/** Every latency recorded since the last collect, and the frame size seen. */
	async collect(): Promise<{ values: Float64Array[]; frameBytes: number }> {
		const replies = await Promise.all(
			this.workers.map((w) => {
				const r = w.next<{ type: string; values: Float64Array; frameBytes: number }>(
					(m) => m.type === 'latencies',
					60_000,
					'latencies'
				);
				w.send({ type: 'collect' });
				return r;
			})
		);
		return {
			values: replies.map((r) => r.values),
			frameBytes: Math.max(...replies.map((r) => r.frameBytes))
		};
	}

	async close(): Promise<void> {
		await Promise.all(
			this.workers.map(async (w) => {
				w.send({ type: 'close' });
				await Promise.race([w.exited, new Promise((r) => setTimeout(r, 10_000))]);
				await w.stop('SIGKILL');
			})
		);
	}
}
