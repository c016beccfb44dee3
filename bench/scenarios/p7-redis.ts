import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { BenchConfig } from '../lib/config.ts';
import { createSessionCookie, SLUG, startFil, type FilHandle } from '../lib/fil-instance.ts';
import { ListenerPool } from '../lib/listener-pool.ts';
import { FilPoster } from '../lib/posters.ts';
import { sleep } from '../lib/processes.ts';
import { ms, verdict, type Profile, type ScenarioResult } from '../lib/report-types.ts';
import { median, summarise, type Summary } from '../lib/samples.ts';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Layout = 'shared' | 'pinned';

const LAYOUTS: Record<Layout, { label: string; cpus: [string, string] | null }> = {
	shared: { label: 'every process on both cores', cpus: null },
	pinned: { label: 'each instance and its readers on a core of their own', cpus: ['0', '1'] }
};

interface LayoutRuns {
	layout: Layout;
	local: Summary[];
	remote: Summary[];
	publishes: number[];
	channels: Record<string, number>;
	profiles: Profile[];
}

/**
 * Two instances sharing rooms through Redis. Half the readers on each; the poster on A.
 * Every message published under this run's key prefix is counted by a pattern subscriber.
 */
async function measureLayout(
	config: BenchConfig,
	layout: Layout,
	readers: number,
	comments: number
): Promise<LayoutRuns> {
	const cpus = LAYOUTS[layout].cpus;
	const prefix = `fil-bench-${process.pid}-${Date.now()}:`;
	const dataDir = mkdtempSync(join(tmpdir(), 'fil-bench-p7-'));
	const env = {
		REDIS_URL,
		REDIS_KEY_PREFIX: prefix,
		IP_HASH_SECRET: randomBytes(24).toString('hex'),
		TOKEN_SECRET: randomBytes(24).toString('hex')
	};
	const servers: FilHandle[] = [];
	const pools: ListenerPool[] = [];
	const monitor = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
	const channels = new Map<string, number>();
	let counting = false;
	monitor.on('pmessage', (_pattern: string, channel: string) => {
		if (counting) channels.set(channel, (channels.get(channel) ?? 0) + 1);
	});
	const local: Summary[] = [];
	const remote: Summary[] = [];
	const publishes: number[] = [];
	const profiles: Profile[] = [];
	try {
		await monitor.connect();
		await monitor.psubscribe(`${prefix}*`);
		for (const i of [0, 1]) {
			servers.push(await startFil({ env, dataDir, keepData: true, cpus: cpus?.[i] }));
		}
		const [a, b] = servers;
		for (const [i, server] of servers.entries()) {
			pools.push(
				await ListenerPool.open({
					kind: 'sio',
					url: server.url,
					slug: SLUG,
					count: readers / 2,
					processes: 1,
					maxMs: 10 * 60_000,
					cpus: cpus?.[i]
				})
			);
		}
		await sleep(1500);
		const poster = await FilPoster.connect(a.url, await createSessionCookie(a.url));
		let seq = 0;
		for (let i = 0; i < 2; i++) await poster.post(++seq); // warm-up
		await sleep(1000);
		await Promise.all(pools.map((p) => p.collect()));
		const measure = async () => {
			channels.clear();
			counting = true;
			const started = Date.now();
			for (let i = 0; i < comments; i++) {
				await sleep(started + i * 1000 - Date.now());
				void poster.post(++seq);
			}
			await sleep(1500);
			counting = false;
			const [onA, onB] = await Promise.all(pools.map((p) => p.collect()));
			return { onA: summarise(onA.values), onB: summarise(onB.values) };
		};
		for (let run = 0; run < config.runs; run++) {
			const { onA, onB } = await measure();
			local.push(onA);
			remote.push(onB);
			publishes.push([...channels.values()].reduce((s, n) => s + n, 0) / comments);
			console.error(
				`  P7 ${layout} run ${run + 1}: local p99 ${ms(onA.p99)}, remote p99 ${ms(onB.p99)} (${onB.count}), ${publishes.at(-1)} publish/comment`
			);
		}
		// One layout's profiles are enough: the work is the same, only the cores differ.
		if (config.profile && layout === 'shared') {
			await Promise.all([a.profileStart(), b.profileStart()]);
			await measure();
			profiles.push(
				{ label: 'instance A (the poster’s)', file: await a.profileStop('p7-a') },
				{ label: 'instance B (through Redis)', file: await b.profileStop('p7-b') }
			);
		}
		poster.close();
	} finally {
		monitor.disconnect();
		await Promise.all(pools.map((p) => p.close()));
		await Promise.all(servers.map((s) => s.stop()));
		rmSync(dataDir, { recursive: true, force: true });
	}
	return { layout, local, remote, publishes, channels: Object.fromEntries(channels), profiles };
}

function layoutRows(runs: LayoutRuns, readers: number, comments: number) {
	const { local, remote } = runs;
	const expected = (readers / 2) * comments;
	const localP99 = median(local.map((s) => s.p99));
	const remoteP99 = median(remote.map((s) => s.p99));
	const delivered = remote.every((s) => s.count === expected);
	// Each run's remote p99 against the local one of the same run: both sides share that run's
	// machine load, which moves either p99 by more than the Redis hop itself.
	const gaps = remote.map((s, i) => s.p99 - local[i]!.p99);
	const gap = median(gaps);
	const label = LAYOUTS[runs.layout].label;
	const row = (who: string, sums: Summary[], target: string, result: string) => [
		label,
		who,
		ms(median(sums.map((s) => s.p50))),
		ms(median(sums.map((s) => s.p99))),
		ms(median(sums.map((s) => s.max))),
		`${Math.min(...sums.map((s) => s.count))}/${expected}`,
		target,
		result
	];
	return {
		readers: [
			row(`${readers / 2} on A (the poster's instance)`, local, '', ''),
			row(
				`${readers / 2} on B (through Redis)`,
				remote,
				`p99 ≤ ${ms(localP99 + 5)} (A + 5 ms)`,
				verdict(delivered && remoteP99 <= localP99 + 5)
			)
		],
		gap: [
			label,
			gaps.map((g) => g.toFixed(1)).join(', '),
			`${gap >= 0 ? '+' : ''}${ms(gap)}`,
			'≤ +5 ms',
			verdict(delivered && gap <= 5)
		],
		delivered
	};
}

/** P7: the same two-instance run with every process free to use both cores, then pinned (--full). */
export async function runRedisFanout(config: BenchConfig): Promise<ScenarioResult[]> {
	const readers = config.full ? 4000 : 1000;
	const comments = config.full ? config.commentsPerRun : Math.min(config.commentsPerRun, 3);
	const all: LayoutRuns[] = [];
	// The quick set keeps to one layout (it must stay under two minutes).
	const layouts: Layout[] = config.full ? ['shared', 'pinned'] : ['shared'];
	for (const layout of layouts) {
		all.push(await measureLayout(config, layout, readers, comments));
	}
	const rows = all.map((runs) => layoutRows(runs, readers, comments));
	const publishes = all.flatMap((r) => r.publishes);
	const perComment = median(publishes);
	const channels = [...new Set(all.flatMap((r) => Object.keys(r.channels)))];
	return [
		{
			id: 'P7',
			title: 'Two instances and Redis: delivery to readers on the other instance',
			tables: [
				{
					columns: ['cores', 'readers', 'p50', 'p99', 'max', 'received', 'target', 'result'],
					rows: rows.flatMap((r) => r.readers)
				},
				{
					caption: 'The same, run by run: B’s p99 minus A’s in the same run',
					columns: ['cores', 'runs (ms)', 'median', 'target', 'result'],
					rows: rows.map((r) => r.gap)
				},
				{
					columns: ['figure', 'value', 'target', 'result'],
					rows: [
						[
							'Redis PUBLISH per comment',
							Number.isFinite(perComment) ? perComment.toFixed(2) : '—',
							'1',
							verdict(publishes.every((n) => n === 1))
						]
					]
				}
			],
			notes: [
				`Both instances run the real server with REDIS_URL (Redis on this machine) and share one SQLite file; the poster is on A. ${comments} comments a run, one a second, median of ${config.runs} runs per layout.`,
				all.length > 1
					? 'Two layouts, one after the other: every process free to run on both cores; then instance A and its reader process on core 0, instance B and its reader process on core 1 (`taskset`), as two instances on two hosts would be; Redis and the poster unpinned.'
					: 'Every process free to run on both cores (the full set also pins each instance and its readers to a core of their own).',
				`Publishes are counted by a pattern subscriber on each run's key prefix while the comments are posted; channels seen: ${channels.map((c) => `\`${c}\``).join(', ') || 'none'}.`,
				rows.every((r) => r.delivered)
					? ''
					: 'Readers on B did not receive every comment: this build has no Redis adapter, or it failed.'
			].filter(Boolean),
			raw: all,
			profiles: all.flatMap((r) => r.profiles)
		}
	];
}
