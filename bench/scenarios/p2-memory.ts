import type { BenchConfig } from '../lib/config.ts';
import { SLUG, startBaseline, type ServerHandle } from '../lib/fil-instance.ts';
import { ListenerPool } from '../lib/listener-pool.ts';
import { sleep } from '../lib/processes.ts';
import { kb, ratio, verdict, type ScenarioResult } from '../lib/report-types.ts';
import type { MemoryReport } from '../servers/bench-probe.ts';

export interface SizeMemory {
	fil0: MemoryReport;
	filN: MemoryReport;
	base0: MemoryReport;
	baseN: MemoryReport;
}

/**
 * Memory with no socket, once the connection path has run: a first wave of sockets compiles
 * code and grows pools that would otherwise be counted against the measured sockets.
 */
export async function idleMemory(
	server: ServerHandle,
	kind: 'eio' | 'ws',
	config: BenchConfig
): Promise<MemoryReport> {
	const warm = await ListenerPool.open({
		kind,
		url: server.url,
		slug: SLUG,
		count: 200,
		processes: 1,
		maxMs: 60_000
	});
	await warm.close();
	await sleep(config.full ? 1500 : 700);
	return server.memory();
}

/** P2's floor: a bare Socket.IO server whose sockets join one room. */
async function measureSocketIoFloor(
	config: BenchConfig,
	size: number
): Promise<{ m0: MemoryReport; mN: MemoryReport }> {
	const server = await startBaseline('bench/servers/baseline-sio-server.ts');
	let pool: ListenerPool | null = null;
	try {
		const m0 = await idleMemory(server, 'eio', config);
		pool = await ListenerPool.open({
			kind: 'eio',
			url: server.url,
			slug: SLUG,
			count: size,
			processes: config.listenerProcesses,
			maxMs: 10 * 60_000
		});
		await sleep(1500);
		return { m0, mN: await server.memory() };
	} finally {
		await pool?.close();
		await server.stop();
	}
}

function mb(a: MemoryReport, b: MemoryReport): string[] {
	const f = (v: number) => (v / 1048576).toFixed(1);
	return [f(a.heapUsed), f(b.heapUsed), f(a.rss), f(b.rss)];
}

/** P2 from the memory P1 read at its largest size, plus the bare Socket.IO floor. */
export async function reportMemory(
	config: BenchConfig,
	size: number,
	m: SizeMemory
): Promise<ScenarioResult> {
	console.error(`P2: bare Socket.IO floor at ${size}`);
	const floor = await measureSocketIoFloor(config, size);
	const per = (a: MemoryReport, b: MemoryReport, key: 'heapUsed' | 'rss') =>
		(b[key] - a[key]) / size;
	const fil = { heap: per(m.fil0, m.filN, 'heapUsed'), rss: per(m.fil0, m.filN, 'rss') };
	const ws = { heap: per(m.base0, m.baseN, 'heapUsed'), rss: per(m.base0, m.baseN, 'rss') };
	const sio = { heap: per(floor.m0, floor.mN, 'heapUsed'), rss: per(floor.m0, floor.mN, 'rss') };
	return {
		id: 'P2',
		title: `Memory of idle sockets at ${size}, after GC`,
		tables: [
			{
				columns: [
					'per socket',
					'Fil',
					'bare ws (baseline)',
					'Fil ÷ ws',
					'bare Socket.IO (floor)',
					'target',
					'result'
				],
				rows: [
					[
						'heap',
						kb(fil.heap),
						kb(ws.heap),
						ratio(fil.heap, ws.heap),
						kb(sio.heap),
						'≤ 8 KB',
						verdict(fil.heap <= 8192)
					],
					[
						'RSS',
						kb(fil.rss),
						kb(ws.rss),
						ratio(fil.rss, ws.rss),
						kb(sio.rss),
						'≤ 30 KB',
						verdict(fil.rss <= 30720)
					]
				]
			},
			{
				caption: 'Process totals (MB), with no socket and with the sockets joined',
				columns: ['server', 'heap with 0', `heap with ${size}`, 'RSS with 0', `RSS with ${size}`],
				rows: [
					['Fil', ...mb(m.fil0, m.filN)],
					['bare ws', ...mb(m.base0, m.baseN)],
					['bare Socket.IO', ...mb(floor.m0, floor.mN)]
				]
			}
		],
		notes: [
			'Per socket = (with N − with 0) / N, each read over IPC after three full GCs (`--expose-gc`). "With 0" is read after a first wave of 200 sockets has come and gone, so start-up compilation is not charged to the sockets. Fil\'s sockets (P1\'s raw-protocol readers, before any comment) have joined the article room; one measurement per size.',
			"The bare Socket.IO server (`bench/servers/baseline-sio-server.ts`, default options, sockets joining one room, no Fil code) is not the target's baseline but shows what Socket.IO itself costs per socket on this Node version; it keeps each socket's upgrade request and handshake, which Fil releases."
		],
		raw: { size, memory: m, floor }
	};
}
