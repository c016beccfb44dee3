/**
 * The benchmark harness. `npm run bench` is the quick set (small counts, under two minutes);
 * `npm run bench -- --full` is the whole set. Either writes BENCHMARKS.md.
 * Development flags: --only=P1,P3  --sizes=500,1000  --runs=N  --comments=N  --seconds=N
 * --procs=N (load processes per pool)  --profile (servers under test write CPU profiles)
 * --out=FILE.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { join, resolve } from 'node:path';
import { parseArgs, type BenchConfig } from './lib/config.ts';
import { describeMachine, loadAverage } from './lib/machine.ts';
import { ROOT } from './lib/processes.ts';
import type { ScenarioResult } from './lib/report-types.ts';
import { renderReport } from './lib/report.ts';
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
  [--seconds=N] [--procs=N] [--profile | --no-profile] [--out=FILE]
Quick set by default; --full runs 1k/5k/10k sockets, 5 runs, CPU profiles and the P1 diagnostic.`);
	process.exit(0);
}
const config = parseArgs(process.argv.slice(2));
if (!existsSync(join(ROOT, 'build/handler.js'))) {
	console.error('build/handler.js is missing: run `npm run build` first.');
	process.exit(1);
}
const machine = describeMachine();
const loads: string[] = [`start: ${machine.load}`];
const results: ScenarioResult[] = [];
const failures: string[] = [];
const started = Date.now();
for (const scenario of SCENARIOS) {
	if (config.only && !scenario.ids.some((id) => config.only!.has(id))) continue;
	console.error(`== ${scenario.ids.join('/')} (load average ${loadAverage()})`);
	loads.push(`before ${scenario.ids.join('/')}: ${loadAverage()}`);
	const t0 = Date.now();
	try {
		results.push(...(await scenario.run(config)));
		console.error(`   ${scenario.ids.join('/')} took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
	} catch (error) {
		console.error(error);
		failures.push(
			`${scenario.ids.join('/')}: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`
		);
	}
}
loads.push(`end: ${loadAverage()}`);
const elapsedS = (Date.now() - started) / 1000;
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
writeFileSync(
	resolve(ROOT, config.out),
	renderReport({ config, machine, loads, results, failures, command, elapsedS })
);
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const resultsFile = join(ROOT, `bench/results/${config.full ? 'full' : 'quick'}-latest.json`);
const json = JSON.stringify({
	machine,
	loads,
	command,
	results: results.map((r) => ({ id: r.id, raw: r.raw }))
});
writeFileSync(
	resultsFile,
	await format(json, { ...(await resolveConfig(resultsFile)), filepath: resultsFile })
);
console.error(`done in ${elapsedS.toFixed(0)} s → ${config.out}`);
process.exit(failures.length ? 1 : 0);
