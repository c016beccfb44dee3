import type { BenchConfig } from '../lib/config.ts';
import { createSessionCookies, SLUG, startFil } from '../lib/fil-instance.ts';
import { spawnNode, type NodeChild } from '../lib/processes.ts';
import { ms, ratio, verdict, type Profile, type ScenarioResult } from '../lib/report-types.ts';
import { median, summarise, type Summary } from '../lib/samples.ts';

interface Done {
	type: 'done';
	latencies: Float64Array;
	errors: Record<string, number>;
	elapsedMs: number;
}

/**
 * Posting is limited to one comment per identity every 15 s in production; with the limits
 * off, 400 identities keep each one's history (which the duplicate check reads) near what
 * the limit allows over the run.
 */
const POSTERS = 400;
/** Posts always in flight, over all identities. */
const LANES = 80;
const STEADY_RATE = 200;

async function startPosters(
	url: string,
	cookies: string[],
	processes: number
): Promise<NodeChild[]> {
	const workers = Array.from({ length: processes }, (_, i) =>
		spawnNode(['--import', 'tsx', 'bench/workers/posters.ts'], {
			name: `posters-${i}`,
			env: { BENCH_MAX_MS: String(5 * 60_000) }
		})
	);
	await Promise.all(
		workers.map((w) => w.next<{ type: string }>((m) => m.type === 'ready', 30_000, 'ready'))
	);
	await Promise.all(
		workers.map((w, i) => {
			const done = w.next<{ type: string }>((m) => m.type === 'connected', 60_000, 'connected');
			w.send({ type: 'connect', url, cookies: cookies.filter((_, j) => j % processes === i) });
			return done;
		})
	);
	return workers;
}

async function runAll(workers: NodeChild[], command: Record<string, unknown>): Promise<Done[]> {
	return Promise.all(
		workers.map((w) => {
			const done = w.next<Done>((m) => m.type === 'done', 5 * 60_000, 'run');
			w.send(command);
			return done;
		})
	);
}

function errorsOf(done: Done[]): number {
	return done.reduce((s, d) => s + Object.values(d.errors).reduce((a, b) => a + b, 0), 0);
}

/** P3: comments acknowledged after commit — closed-loop throughput, then a steady 200/s. */
export async function runWrites(config: BenchConfig): Promise<ScenarioResult[]> {
	const fil = await startFil();
	const processes = 2;
	let workers: NodeChild[] = [];
	const throughput: number[] = [];
	const steady: Summary[] = [];
	const closedAck: Summary[] = [];
	let errors = 0;
	const baseline: { perSecond: number; p99: number }[] = [];
	const profiles: Profile[] = [];
	try {
		const cookies = await createSessionCookies(fil.url, POSTERS);
		workers = await startPosters(fil.url, cookies, processes);
		await runAll(workers, { type: 'closed', slug: SLUG, seconds: 1, lanes: LANES / 2 }); // warm-up
		for (let run = 0; run < config.runs; run++) {
			const closed = await runAll(workers, {
				type: 'closed',
				slug: SLUG,
				seconds: config.seconds,
				lanes: LANES / 2
			});
			const acked = closed.reduce((s, d) => s + d.latencies.length, 0);
			throughput.push(acked / (Math.max(...closed.map((d) => d.elapsedMs)) / 1000));
			closedAck.push(summarise(closed.map((d) => d.latencies)));
			const open = await runAll(workers, {
				type: 'open',
				slug: SLUG,
				seconds: config.seconds,
				rate: STEADY_RATE / processes
			});
			steady.push(summarise(open.map((d) => d.latencies)));
			errors += errorsOf(closed) + errorsOf(open);
			console.error(
				`  P3 run ${run + 1}: ${throughput.at(-1)!.toFixed(0)}/s, ack p99 at ${STEADY_RATE}/s ${ms(steady.at(-1)!.p99)}`
			);
		}
		if (config.profile) {
			await fil.profileStart();
			await runAll(workers, {
				type: 'closed',
				slug: SLUG,
				seconds: config.seconds,
				lanes: LANES / 2
			});
			profiles.push({
				label: 'Fil, posting at full throughput',
				file: await fil.profileStop('p3-fil')
			});
		}
	} finally {
		for (const w of workers) w.send({ type: 'close' });
		await Promise.all(workers.map((w) => w.stop('SIGTERM', 3000)));
		await fil.stop();
	}

	const raw = spawnNode(['--import', 'tsx', 'bench/workers/sqlite-baseline.ts'], {
		name: 'sqlite-baseline',
		env: { BENCH_MAX_MS: String(5 * 60_000) }
	});
	try {
		await raw.next<{ type: string }>((m) => m.type === 'ready', 30_000, 'ready');
		for (let run = 0; run < config.runs; run++) {
			const done = raw.next<{
				count: number;
				elapsedMs: number;
				latencies: Float64Array;
				type: string;
			}>((m) => m.type === 'done', 5 * 60_000, 'run');
			raw.send({ type: 'run', seconds: config.seconds });
			const d = await done;
			baseline.push({
				perSecond: d.count / (d.elapsedMs / 1000),
				p99: summarise([d.latencies]).p99
			});
		}
	} finally {
		await raw.stop('SIGTERM', 3000);
	}

	const filRate = median(throughput);
	const baseRate = median(baseline.map((b) => b.perSecond));
	const steadyP99 = median(steady.map((s) => s.p99));
	return [
		{
			id: 'P3',
			title: 'Comments acknowledged after commit (SQLite, WAL, synchronous=NORMAL)',
			tables: [
				{
					caption:
						'Every rate limit off (LIMIT_…=0): in production one identity posts at most one comment every 15 s',
					columns: ['figure', 'Fil', 'raw better-sqlite3', 'Fil ÷ raw', 'target', 'result'],
					rows: [
						[
							'comments/s, many posters',
							filRate.toFixed(0),
							baseRate.toFixed(0),
							ratio(filRate, baseRate),
							'≥ 1,000/s',
							verdict(filRate >= 1000)
						],
						[
							`ack p50 at a steady ${STEADY_RATE}/s`,
							ms(median(steady.map((s) => s.p50))),
							'',
							'',
							'',
							''
						],
						[
							`ack p99 at a steady ${STEADY_RATE}/s`,
							ms(steadyP99),
							ms(median(baseline.map((b) => b.p99))) + ' (one transaction)',
							'',
							'≤ 20 ms',
							verdict(steadyP99 <= 20)
						],
						['ack p99 at full throughput', ms(median(closedAck.map((s) => s.p99))), '', '', '', '']
					]
				}
			],
			notes: [
				`${POSTERS} sessions (distinct identities) over ${processes} load processes, keeping ${LANES} posts in flight in all (each post from the next identity in turn) for ${config.seconds} s; then the same sockets post at a steady ${STEADY_RATE}/s (open loop) for ${config.seconds} s. Median of ${config.runs} runs. Failed posts: ${errors}.`,
				"The raw baseline writes, per transaction, what a post writes: the comment row (RETURNING), the article's event counter, the event row — statements prepared once, pragmas from `server/db/database.ts` (`SQLITE_PRAGMAS`). Its p99 is one transaction's duration.",
				'Nobody is in the article room here: this measures the write path, not the fan-out (P1).'
			],
			raw: { throughput, steady, closedAck, baseline, errors },
			profiles
		}
	];
}
