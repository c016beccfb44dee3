import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchConfig } from '../lib/config.ts';
import {
	createSessionCookies,
	SLUG,
	startBaseline,
	startFil,
	type ServerHandle
} from '../lib/fil-instance.ts';
import { FilPoster } from '../lib/posters.ts';
import { spawnNode } from '../lib/processes.ts';
import { kb, ms, ratio, verdict, type Profile, type ScenarioResult } from '../lib/report-types.ts';
import { median, summarise, type Summary } from '../lib/samples.ts';
import { LIMITS } from '../../server/contract/constants.ts';

const COMMENTS = 1000;
const READERS = 20;
const WORDS =
	'le la les un une des modèle coût calcul énergie question objectif article réponse lecture données usage prix serveur entraînement inférence puce mémoire réseau électricité avenir'.split(
		' '
	);

/** A small deterministic generator (mulberry32), so every run seeds the same thread. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * 1,000 comments through the socket, as readers write them: 40 % start a thread, the rest
 * answer one of the 40 latest comments (a conversation moves on); bodies of 10 to 90 words.
 */
async function seedThread(url: string): Promise<void> {
	const rand = random(42);
	const posters = await Promise.all(
		(await createSessionCookies(url, 8)).map((c) => FilPoster.connect(url, c))
	);
	const ids: number[] = [];
	for (let i = 0; i < COMMENTS; i += posters.length) {
		const batch = posters.map(async (poster, j) => {
			const n = i + j;
			const words = Array.from(
				{ length: 10 + Math.floor(rand() * 80) },
				() => WORDS[Math.floor(rand() * WORDS.length)]
			);
			const recent = ids.slice(-40);
			const parentId =
				n % 5 < 2 || recent.length === 0 ? null : recent[Math.floor(rand() * recent.length)];
			const { comment } = await poster.emit<{ comment: { id: number } }>('comment:post', {
				slug: SLUG,
				parentId,
				body: `${words.join(' ')}.`,
				name: `Lectrice ${j + 1}`,
				email: `lectrice-${j + 1}@example.org`,
				idempotencyKey: `seed-comment-${n}`
			});
			return comment.id;
		});
		ids.push(...(await Promise.all(batch)));
	}
	for (const p of posters) p.close();
}

async function readLoad(
	url: string,
	seconds: number
): Promise<{ summary: Summary; perSecond: number; bytes: number; failures: number }> {
	const worker = spawnNode(['--import', 'tsx', 'bench/workers/http-readers.ts'], {
		name: 'http-readers',
		env: { BENCH_MAX_MS: String(5 * 60_000) }
	});
	try {
		await worker.next<{ type: string }>((m) => m.type === 'ready', 30_000, 'ready');
		const done = worker.next<{
			type: string;
			latencies: Float64Array;
			bytes: number;
			failures: number;
			elapsedMs: number;
		}>((m) => m.type === 'done', 5 * 60_000, 'run');
		worker.send({ type: 'run', url, seconds, concurrency: READERS });
		const d = await done;
		return {
			summary: summarise([d.latencies]),
			perSecond: d.latencies.length / (d.elapsedMs / 1000),
			bytes: d.bytes,
			failures: d.failures
		};
	} finally {
		await worker.stop('SIGTERM', 3000);
	}
}

/** P5: the article page with 1,000 comments, 20 readers at once, against a static file. */
export async function runSsr(config: BenchConfig): Promise<ScenarioResult[]> {
	const fil = await startFil();
	const dir = mkdtempSync(join(tmpdir(), 'fil-bench-static-'));
	let baseline: ServerHandle | null = null;
	const ssr: { summary: Summary; perSecond: number; bytes: number; failures: number }[] = [];
	const stat: typeof ssr = [];
	let html = '';
	const profiles: Profile[] = [];
	try {
		await seedThread(fil.url);
		const pageUrl = `${fil.url}/articles/${SLUG}`;
		html = await (await fetch(pageUrl)).text();
		const file = join(dir, 'page.html');
		writeFileSync(file, html);
		baseline = await startBaseline('bench/servers/static-server.ts', { STATIC_FILE: file });
		await readLoad(pageUrl, 1); // warm-up
		await readLoad(baseline.url, 1);
		for (let run = 0; run < config.runs; run++) {
			ssr.push(await readLoad(pageUrl, config.seconds));
			stat.push(await readLoad(baseline.url, config.seconds));
			console.error(
				`  P5 run ${run + 1}: SSR p50 ${ms(ssr.at(-1)!.summary.p50)}, static p50 ${ms(stat.at(-1)!.summary.p50)}`
			);
		}
		if (config.profile) {
			await fil.profileStart();
			await readLoad(pageUrl, config.seconds);
			profiles.push({
				label: 'Fil, rendering the page for 20 readers',
				file: await fil.profileStop('p5-fil')
			});
		}
	} finally {
		await baseline?.stop();
		await fil.stop();
		rmSync(dir, { recursive: true, force: true });
	}
	const bytes = Buffer.byteLength(html);
	const shown = (html.match(/id="comment-\d+"/g) ?? []).length;
	const p50 = median(ssr.map((r) => r.summary.p50));
	const staticP50 = median(stat.map((r) => r.summary.p50));
	return [
		{
			id: 'P5',
			title: `The article page with ${COMMENTS.toLocaleString('en')} comments, ${READERS} readers at once`,
			tables: [
				{
					caption:
						'Fil here is a page-cache hit: readers without a session cookie, the page rendered once and kept until the next event of the article (each hit still reads the article row and gets its own form key). A render on every request is not measured here',
					columns: [
						'figure',
						'Fil, page-cache hit',
						'static file, node:http',
						'ratio',
						'target',
						'result'
					],
					rows: [
						['p50', ms(p50), ms(staticP50), ratio(p50, staticP50), '≤ 25 ms', verdict(p50 <= 25)],
						[
							'p99',
							ms(median(ssr.map((r) => r.summary.p99))),
							ms(median(stat.map((r) => r.summary.p99))),
							'',
							'',
							''
						],
						[
							'pages/s',
							median(ssr.map((r) => r.perSecond)).toFixed(0),
							median(stat.map((r) => r.perSecond)).toFixed(0),
							'',
							'',
							''
						],
						['first page HTML', kb(bytes), kb(bytes), '', '≤ 150 KB', verdict(bytes <= 150 * 1024)]
					]
				}
			],
			notes: [
				`The default page (\`/articles/${SLUG}\`, oldest first): the first ${LIMITS.firstPageThreads} threads with all their replies — ${shown} of the ${COMMENTS} comments (40 % start a thread, the rest answer one of the 40 latest comments, 10–90 words each).`,
				`${READERS} readers, each loading the page again as soon as it arrives (kept-alive connections), ${config.seconds} s a run, median of ${config.runs} runs; no session cookie (a first visit). Failed loads: ${ssr.reduce((s, r) => s + r.failures, 0)}.`,
				'The baseline serves the very same HTML bytes from a file with node:http (`createReadStream` per request). With 20 requests always in flight, p50 ≈ 20 × the time one page costs the server.'
			],
			raw: { ssr, stat, bytes, shown },
			profiles
		}
	];
}
