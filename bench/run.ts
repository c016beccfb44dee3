/**
 * The benchmark harness. `npm run bench` is the quick set (small counts, under two minutes);
 * `npm run bench -- --full` is the whole set. Either merges its figures into BENCHMARKS.json
 * (the raw results, by scenario) and writes BENCHMARKS.md whole from it.
 * Development flags: --only=P1,P3  --sizes=500,1000  --runs=N  --comments=N  --seconds=N
 * --procs=N (load processes per pool)  --profile (servers under test write CPU profiles)
 * --out=FILE  --render (no run: BENCHMARKS.md written again from BENCHMARKS.json).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { join, resolve } from 'node:path';
import { parseArgs, type BenchConfig } from './lib/config.ts';
import type { ScenarioResult } from './lib/report-types.ts';
import { describeMachine, loadAverage } from './lib/machine.ts';
import { ROOT } from './lib/processes.ts';
import { profileTables, renderReport } from './lib/report.ts';
import {
	loadStoredResults,
	mergeResults,
	type RunInfo,
	type StoredFailure,
	type StoredScenario
} from './lib/results-store.ts';
import { runFanout } from './scenarios/p1-fanout.ts';
import { runWrites } from './scenarios/p3-writes.ts';
import { runReactions } from './scenarios/p4-reactions.ts';
import { runSsr } from './scenarios/p5-ssr.ts';
import { runJsWeight } from './scenarios/p6-js-weight.ts';
import { runRedisFanout } from './scenarios/p7-redis.ts';

type Scenario = { ids: string[]; run: (c: BenchConfig) => Promise<ScenarioResult[]> };

const SCENARIOS: Scenario[] = [
	{ ids: ['P1', 'P2'], run: runFanout },
	{ ids: ['P3'], run: runWrites },
	{ ids: ['P4'], run: runReactions },
	{ ids: ['P5'], run: runSsr },
	{ ids: ['P6'], run: runJsWeight },
	{ ids: ['P7'], run: runRedisFanout }
];

if (process.argv.includes('--help')) {
	console.log(`npm run bench [-- --full] [--only=P1,P3] [--sizes=1000,5000] [--runs=N] [--comments=N]
  [--seconds=N] [--procs=N] [--profile | --no-profile] [--out=FILE] [--render]
Quick set by default; --full runs 1k/5k/10k sockets, 5 runs, CPU profiles and the P1 diagnostic.`);
	process.exit(0);
}
const config = parseArgs(process.argv.slice(2));
if (!existsSync(join(ROOT, 'build/handler.js'))) {
	console.error('build/handler.js is missing: run `npm run build` first.');
	process.exit(1);
}
const machine = describeMachine();
const outFile = resolve(ROOT, config.out);
const resultsFile = outFile.replace(/\.md$/, '') + '.json';
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const set = config.full ? 'full' : 'quick';
const ran: string[] = [];
const fresh: StoredScenario[] = [];
const failures: StoredFailure[] = [];
const started = Date.now();
// --render: no scenario runs; BENCHMARKS.md is written again from BENCHMARKS.json (and the
// analysis file as it is now).
const renderOnly = process.argv.includes('--render');
for (const scenario of SCENARIOS) {
	if (renderOnly) break;
	if (config.only && !scenario.ids.some((id) => config.only!.has(id))) continue;
	const loadBefore = loadAverage();
	console.error(`== ${scenario.ids.join('/')} (load average ${loadBefore})`);
	ran.push(...scenario.ids);
	const t0 = Date.now();
	const run = (): RunInfo => ({
		command,
		set,
		machine,
		loadBefore,
		loadAfter: loadAverage(),
		seconds: (Date.now() - t0) / 1000
	});
	try {
		const results = await scenario.run(config);
		const info = run();
		for (const { profiles, ...r } of results) {
			fresh.push({ ...r, profileTables: (profiles ?? []).flatMap(profileTables), run: info });
		}
		console.error(`   ${scenario.ids.join('/')} took ${info.seconds.toFixed(0)} s`);
	} catch (error) {
		console.error(error);
		const message = String(error instanceof Error ? error.message : error).split('\n')[0];
		failures.push({ ids: scenario.ids, message, run: run() });
	}
}
const order = SCENARIOS.flatMap((s) => s.ids);
const stored = mergeResults(loadStoredResults(resultsFile), ran, fresh, failures, order);
const prettier = async (text: string, file: string) =>
	format(text, { ...(await resolveConfig(file)), filepath: file });
writeFileSync(resultsFile, await prettier(JSON.stringify(stored), resultsFile));
writeFileSync(outFile, await prettier(renderReport(stored), outFile));
const elapsedS = (Date.now() - started) / 1000;
console.error(`done in ${elapsedS.toFixed(0)} s → ${config.out} and ${resultsFile}`);
process.exit(failures.length ? 1 : 0);
