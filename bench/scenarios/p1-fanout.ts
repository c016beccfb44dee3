import type { BenchConfig } from '../lib/config.ts';
import { createSessionCookie, SLUG, startBaseline, startFil } from '../lib/fil-instance.ts';
import { ListenerPool } from '../lib/listener-pool.ts';
import { FilPoster, WsPoster } from '../lib/posters.ts';
import { sleep } from '../lib/processes.ts';
import { ms, ratio, verdict, type Profile, type ScenarioResult } from '../lib/report-types.ts';
import { median, summarise, type Summary } from '../lib/samples.ts';
import { idleMemory, reportMemory, type SizeMemory } from './p2-memory.ts';

interface SizeResult {
	size: number;
	/** Fil read by raw-protocol readers (ws speaking Socket.IO), the baseline by ws readers. */
	fil: Summary[];
	base: Summary[];
	/** Fil read by socket.io-client, and the baseline again in the same windows. */
	sio: Summary[];
	sioBase: Summary[];
	ackP99: number[];
	frameBytes: number;
	connectMs: { fil: number; sio: number; base: number };
	memory: SizeMemory;
	profiles: Profile[];
}

/**
 * P1 and P2 at one size: Fil and the bare ws server side by side, each with `size` readers.
 * Each second of a run posts one comment to Fil, then half a second later one to the
 * baseline, so both are measured under the same background load. The main runs read Fil with
 * clients exactly as cheap as the baseline's, so that only the servers differ; then the same
 * runs again with socket.io-client readers, as browsers read Fil.
 */
async function runSize(
	config: BenchConfig,
	size: number,
	profileThisSize: boolean
): Promise<SizeResult> {
	const maxMs = 20 * 60_000;
	const fil = await startFil();
	const base = await startBaseline('bench/servers/baseline-ws-server.ts');
	const pools: ListenerPool[] = [];
	const posters: { close(): void }[] = [];
	const openPool = async (kind: 'eio' | 'sio' | 'ws', url: string) => {
		const pool = await ListenerPool.open({
			kind,
			url,
			slug: SLUG,
			count: size,
			processes: config.listenerProcesses,
			maxMs
		});
		pools.push(pool);
		return pool;
	};
	try {
		const fil0 = await idleMemory(fil, 'eio', config);
		const base0 = await idleMemory(base, 'ws', config);
		let filPool = await openPool('eio', fil.url);
		const eioConnectMs = filPool.connectMs;
		const basePool = await openPool('ws', base.url);
		await sleep(1500); // presence announcements settle (one a second at most)
		const [filN, baseN] = [await fil.memory(), await base.memory()];

		const filPoster = await FilPoster.connect(fil.url, await createSessionCookie(fil.url));
		const wsPoster = await WsPoster.connect(base.url);
		posters.push(filPoster, wsPoster);

		// Warm-up: JIT both paths and learn the size of Fil's frame for the baseline.
		let seq = 0;
		for (let i = 0; i < 2; i++) {
			await filPoster.post(++seq);
			await sleep(300);
		}
		await sleep(1000);
		const { frameBytes } = await filPool.collect();
		base.proc.send({ type: 'config', frameBytes });
		for (let i = 0; i < 2; i++) {
			wsPoster.post(++seq);
			await sleep(300);
		}
		await sleep(1000);
		await basePool.collect();

		const ackP99: number[] = [];
		const measure = async () => {
			const acks: number[] = [];
			const started = Date.now();
			for (let i = 0; i < config.commentsPerRun; i++) {
				const tick = started + i * 1000;
				await sleep(tick - Date.now());
				void filPoster.post(++seq).then((a) => acks.push(a));
				await sleep(tick + 500 - Date.now());
				wsPoster.post(++seq);
			}
			await sleep(size >= 5000 ? 3000 : 1500);
			const expected = size * config.commentsPerRun;
			const f = await collectAll(filPool, expected);
			const b = await collectAll(basePool, expected);
			return { fil: summarise(f), base: summarise(b), acks };
		};
		const runAll = async (label: string, keepAcks: boolean) => {
			const runs = { fil: [] as Summary[], base: [] as Summary[] };
			for (let run = 0; run < config.runs; run++) {
				const r = await measure();
				runs.fil.push(r.fil);
				runs.base.push(r.base);
				if (keepAcks) ackP99.push(summarise([Float64Array.from(r.acks)]).p99);
				console.error(
					`  P1 ${size} ${label} run ${run + 1}: fil p99 ${ms(r.fil.p99)} (${r.fil.count}), ws p99 ${ms(r.base.p99)} (${r.base.count})`
				);
			}
			return runs;
		};
		const main = await runAll('(raw-protocol readers)', true);
		const profiles: Profile[] = [];
		if (config.profile && profileThisSize) {
			await Promise.all([fil.profileStart(), base.profileStart()]);
			await measure();
			profiles.push(
				{ label: `Fil, ${size} sockets`, file: await fil.profileStop(`p1-${size}-fil`) },
				{ label: `bare ws, ${size} sockets`, file: await base.profileStop(`p1-${size}-ws`) }
			);
		}
		await filPool.close();
		pools.splice(pools.indexOf(filPool), 1);
		filPool = await openPool('sio', fil.url);
		await sleep(1500);
		await measure(); // warm-up of the new readers
		const sio = await runAll('(socket.io-client readers)', false);
		return {
			size,
			fil: main.fil,
			base: main.base,
			sio: sio.fil,
			sioBase: sio.base,
			ackP99,
			frameBytes,
			connectMs: { fil: eioConnectMs, sio: filPool.connectMs, base: basePool.connectMs },
			memory: { fil0, filN, base0, baseN },
			profiles
		};
	} finally {
		for (const p of posters) p.close();
		await Promise.all(pools.map((p) => p.close()));
		await Promise.all([fil.stop(), base.stop()]);
	}
}

/**
 * Every latency of a run, waiting (up to 20 s) for late deliveries: on a loaded machine the
 * last comments can arrive seconds late, and must not be counted in the next run.
 */
async function collectAll(pool: ListenerPool, expected: number): Promise<Float64Array[]> {
	const values: Float64Array[] = [];
	const deadline = Date.now() + 20_000;
	for (let count = 0; ; await sleep(500)) {
		const r = await pool.collect();
		values.push(...r.values);
		count += r.values.reduce((n, v) => n + v.length, 0);
		if (count >= expected || Date.now() > deadline) return values;
	}
}

function med(runs: Summary[], key: keyof Summary): number {
	return median(runs.map((r) => r[key]));
}

export async function runFanout(config: BenchConfig): Promise<ScenarioResult[]> {
	const sizes: SizeResult[] = [];
	for (const size of config.fanoutSizes) {
		console.error(`P1/P2: ${size} sockets`);
		sizes.push(await runSize(config, size, size === Math.max(...config.fanoutSizes)));
	}
	const largest = Math.max(...config.fanoutSizes);
	const expected = (s: SizeResult) => s.size * config.commentsPerRun;
	const received = (s: SizeResult, runs: Summary[]) =>
		`${Math.min(...runs.map((r) => r.count))}/${expected(s)}`;
	const row = (s: SizeResult, server: string, runs: Summary[], baseRuns: Summary[]) => [
		s.size,
		server,
		ms(med(runs, 'p50')),
		ms(med(runs, 'p99')),
		ms(med(runs, 'max')),
		received(s, runs),
		runs === baseRuns ? '1.00×' : ratio(med(runs, 'p99'), med(baseRuns, 'p99'))
	];
	const p1: ScenarioResult = {
		id: 'P1',
		title: 'Fan-out latency: one comment a second to every reader of the article room',
		tables: [
			{
				caption:
					'Raw-protocol readers: Fil and the bare ws server read by the same kind of client (ws; for Fil speaking the Socket.IO protocol), so the ratio compares the servers. The target is judged here, and on socket.io-client readers below',
				columns: [
					'sockets',
					'server',
					'p50',
					'p99',
					'max',
					'received',
					'p99 ÷ baseline p99',
					'target',
					'result'
				],
				rows: sizes.flatMap((s) => {
					const filP99 = med(s.fil, 'p99');
					const ok =
						filP99 <= 100 &&
						filP99 <= 1.3 * med(s.base, 'p99') &&
						s.fil.every((r) => r.count === expected(s));
					return [
						[
							...row(s, 'Fil (Socket.IO)', s.fil, s.base),
							s.size === 10000 ? 'p99 ≤ 100 ms and ≤ 1.3×' : '(the target is set at 10k)',
							s.size === 10000 ? verdict(ok) : '—'
						],
						[...row(s, 'bare ws (baseline)', s.base, s.base), '', '']
					];
				})
			},
			{
				caption:
					"socket.io-client readers, as browsers read Fil (the baseline keeps its ws readers, in new paired runs). socket.io-client spends more per message than ws, and the readers share the machine's cores with the server; the same target, judged on these readers",
				columns: [
					'sockets',
					'server',
					'p50',
					'p99',
					'max',
					'received',
					'p99 ÷ baseline p99',
					'target',
					'result'
				],
				rows: sizes.flatMap((s) => {
					const sioP99 = med(s.sio, 'p99');
					const ok =
						sioP99 <= 100 &&
						sioP99 <= 1.3 * med(s.sioBase, 'p99') &&
						s.sio.every((r) => r.count === expected(s));
					return [
						[
							...row(s, 'Fil, socket.io-client readers', s.sio, s.sioBase),
							s.size === 10000 ? 'p99 ≤ 100 ms and ≤ 1.3×' : '(the target is set at 10k)',
							s.size === 10000 ? verdict(ok) : '—'
						],
						[...row(s, 'bare ws (baseline)', s.sioBase, s.sioBase), '', '']
					];
				})
			}
		],
		notes: [
			`Median over ${config.runs} runs of ${config.commentsPerRun} comments (one a second) on the same connections; latency = receipt − send time carried in the comment body (same machine clock). The Fil poster's ack p99 (median of runs): ${sizes.map((s) => `${s.size}: ${ms(median(s.ackP99))}`).join(', ')}.`,
			`Frame sent per comment: ${sizes[0]?.frameBytes ?? '?'} bytes for Fil; the baseline pads its frame to the same size. ${config.listenerProcesses} reader processes per server; connecting took ${sizes.map((s) => `${s.size}: ${(s.connectMs.fil / 1000).toFixed(1)} s (socket.io-client: ${(s.connectMs.sio / 1000).toFixed(1)} s)`).join(', ')} for Fil.`
		],
		raw: sizes.map(({ profiles: _p, ...rest }) => rest),
		profiles: sizes.flatMap((s) => s.profiles)
	};
	const m = sizes.find((s) => s.size === largest)!;
	return [p1, await reportMemory(config, largest, m.memory)];
}
