import SQLite from 'better-sqlite3';
import { EMOJIS } from '../../server/contract/schemas.ts';
import type { BenchConfig } from '../lib/config.ts';
import { createSessionCookie, createSessionCookies, SLUG, startFil } from '../lib/fil-instance.ts';
import { FilPoster } from '../lib/posters.ts';
import { sleep, spawnNode, type NodeChild } from '../lib/processes.ts';
import { ms, verdict, type Profile, type ScenarioResult } from '../lib/report-types.ts';
import { median, summarise } from '../lib/samples.ts';

const TOGGLERS = 100;
const HOT_COMMENTS = 3;
const INFLIGHT = 2;
const PROCESSES = 2;

interface Done {
	type: 'done';
	latencies: Float64Array;
	errors: Record<string, number>;
	elapsedMs: number;
	broadcasts: number;
}

interface Report {
	type: 'report';
	on: string[];
	last: Record<number, { eventId: number; reactions: Record<string, number> }>[];
}

type Counts = Record<number, Record<string, number>>;

function sameCounts(a: Record<string, number> = {}, b: Record<string, number> = {}): boolean {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

function readDatabase(file: string, ids: number[]): { counts: Counts; columnOk: boolean } {
	const db = new SQLite(file, { readonly: true });
	try {
		const counts: Counts = Object.fromEntries(ids.map((id) => [id, {}]));
		const rows = db
			.prepare('SELECT comment_id, emoji, COUNT(*) AS n FROM reactions GROUP BY comment_id, emoji')
			.all() as { comment_id: number; emoji: string; n: number }[];
		for (const r of rows) (counts[r.comment_id] ??= {})[r.emoji] = r.n;
		const columns = db.prepare('SELECT id, reaction_count FROM comments').all() as {
			id: number;
			reaction_count: number;
		}[];
		const kept = db
			.prepare('SELECT comment_id, emoji, total FROM reaction_counts WHERE total > 0')
			.all() as { comment_id: number; emoji: string; total: number }[];
		const keptCounts: Counts = {};
		for (const r of kept) (keptCounts[r.comment_id] ??= {})[r.emoji] = r.total;
		const columnOk =
			columns.every(
				(c) => c.reaction_count === Object.values(counts[c.id] ?? {}).reduce((s, n) => s + n, 0)
			) && columns.every((c) => sameCounts(keptCounts[c.id], counts[c.id]));
		return { counts, columnOk };
	} finally {
		db.close();
	}
}

/** P4: many clients toggling reactions on a few hot comments. */
export async function runReactions(config: BenchConfig): Promise<ScenarioResult[]> {
	const fil = await startFil();
	let workers: NodeChild[] = [];
	const rates: number[] = [];
	const acks: number[] = [];
	const perClientBroadcasts: number[] = [];
	let errors = 0;
	const profiles: Profile[] = [];
	let check = {
		expectedEqualsDb: false,
		clientsMatching: 0,
		clients: 0,
		columnOk: false,
		toggledOn: 0
	};
	try {
		const poster = await FilPoster.connect(fil.url, await createSessionCookie(fil.url));
		const ids: number[] = [];
		for (let i = 0; i < HOT_COMMENTS; i++) {
			const { comment } = await poster.emit<{ comment: { id: number } }>('comment:post', {
				slug: SLUG,
				body: `Commentaire très discuté n° ${i + 1}`,
				name: 'Auteur',
				email: 'auteur@example.org',
				idempotencyKey: `hot-comment-${i}`
			});
			ids.push(comment.id);
		}
		poster.close();
		const cookies = await createSessionCookies(fil.url, TOGGLERS);
		workers = Array.from({ length: PROCESSES }, (_, i) =>
			spawnNode(['--import', 'tsx', 'bench/workers/togglers.ts'], {
				name: `togglers-${i}`,
				env: { BENCH_MAX_MS: String(5 * 60_000) }
			})
		);
		await Promise.all(
			workers.map((w) => w.next<{ type: string }>((m) => m.type === 'ready', 30_000, 'ready'))
		);
		await Promise.all(
			workers.map((w, i) => {
				const done = w.next<{ type: string }>((m) => m.type === 'connected', 60_000, 'connected');
				w.send({
					type: 'connect',
					url: fil.url,
					slug: SLUG,
					cookies: cookies.filter((_, j) => j % PROCESSES === i)
				});
				return done;
			})
		);
		const runAll = (seconds: number) =>
			Promise.all(
				workers.map((w) => {
					const done = w.next<Done>((m) => m.type === 'done', 5 * 60_000, 'run');
					w.send({
						type: 'run',
						commentIds: ids,
						emojis: [...EMOJIS],
						seconds,
						inflight: INFLIGHT
					});
					return done;
				})
			);
		await runAll(1); // warm-up
		for (let run = 0; run < config.runs; run++) {
			const done = await runAll(config.seconds);
			const elapsed = Math.max(...done.map((d) => d.elapsedMs)) / 1000;
			const count = done.reduce((s, d) => s + d.latencies.length, 0);
			rates.push(count / elapsed);
			acks.push(summarise(done.map((d) => d.latencies)).p99);
			perClientBroadcasts.push(done.reduce((s, d) => s + d.broadcasts, 0) / TOGGLERS / elapsed);
			errors += done.reduce((s, d) => s + Object.values(d.errors).reduce((a, b) => a + b, 0), 0);
			console.error(
				`  P4 run ${run + 1}: ${rates.at(-1)!.toFixed(0)} toggles/s, ${perClientBroadcasts.at(-1)!.toFixed(1)} broadcasts/s per client`
			);
		}
		if (config.profile) {
			await fil.profileStart();
			await runAll(config.seconds);
			profiles.push({
				label: 'Fil, toggling at full throughput',
				file: await fil.profileStop('p4-fil')
			});
		}
		await sleep(1000); // the last coalesced broadcasts go out
		const reports = await Promise.all(
			workers.map((w) => {
				const r = w.next<Report>((m) => m.type === 'report', 60_000, 'report');
				w.send({ type: 'report' });
				return r;
			})
		);
		const expected: Counts = Object.fromEntries(ids.map((id) => [id, {}]));
		for (const pair of reports.flatMap((r) => r.on)) {
			const [id, emoji] = pair.split(' ');
			const c = (expected[Number(id)] ??= {});
			c[emoji] = (c[emoji] ?? 0) + 1;
		}
		const db = readDatabase(fil.dbFile, ids);
		const lasts = reports.flatMap((r) => r.last);
		check = {
			expectedEqualsDb: ids.every((id) => sameCounts(expected[id], db.counts[id])),
			clients: lasts.length,
			clientsMatching: lasts.filter((last) =>
				ids.every((id) => sameCounts(last[id]?.reactions, db.counts[id]))
			).length,
			columnOk: db.columnOk,
			toggledOn: reports.reduce((s, r) => s + r.on.length, 0)
		};
	} finally {
		for (const w of workers) w.send({ type: 'close' });
		await Promise.all(workers.map((w) => w.stop('SIGTERM', 3000)));
		await fil.stop();
	}
	const rate = median(rates);
	const consistent =
		check.expectedEqualsDb && check.columnOk && check.clientsMatching === check.clients;
	return [
		{
			id: 'P4',
			title: 'Reaction toggles on a few hot comments',
			tables: [
				{
					caption:
						'Every rate limit off (LIMIT_…=0): in production the reaction limit per IP stops a reader long before these rates',
					columns: ['figure', 'Fil', 'target', 'result'],
					rows: [
						['toggles/s (acknowledged)', rate.toFixed(0), '≥ 5,000/s', verdict(rate >= 5000)],
						['toggle ack p99', ms(median(acks)), '', ''],
						[
							'`reaction:updated` received per client per second',
							median(perClientBroadcasts).toFixed(1),
							'coalesced',
							''
						],
						[
							"final counts: clients' own toggles = database",
							check.expectedEqualsDb ? 'equal' : 'DIFFERENT',
							'equal',
							verdict(check.expectedEqualsDb)
						],
						[
							'final counts: last broadcast seen = database',
							`${check.clientsMatching}/${check.clients} clients`,
							'all',
							verdict(check.clientsMatching === check.clients)
						],
						[
							'`comments.reaction_count` and `reaction_counts` = rows',
							check.columnOk ? 'equal' : 'DIFFERENT',
							'equal',
							verdict(check.columnOk)
						]
					]
				}
			],
			notes: [
				`${TOGGLERS} sessions in the article room over ${PROCESSES} load processes, each keeping ${INFLIGHT} toggles in flight on ${HOT_COMMENTS} comments × ${EMOJIS.length} emojis, ${config.seconds} s a run, median of ${config.runs} runs; failed toggles: ${errors}. ${check.toggledOn} reactions on at the end.`,
				'Counts are compared after the load stops and the last coalesced broadcast has had time to leave (1 s).',
				consistent ? 'Every check of the final state passed.' : 'A check of the final state FAILED.'
			],
			raw: { rates, acks, perClientBroadcasts, errors, check },
			profiles
		}
	];
}
