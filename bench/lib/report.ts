import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.ts';
import { byArea, topFunctions } from './profile-summary.ts';
import type { Profile, Table } from './report-types.ts';
import type { RunInfo, StoredResults } from './results-store.ts';

/** The text that follows the figures: one file, included whole. */
export const ANALYSIS_FILE = join(ROOT, 'bench/analysis.md');

function renderTable(t: Table): string {
	const lines = [];
	if (t.caption) lines.push(`*${t.caption}*`, '');
	lines.push(`| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`);
	for (const row of t.rows) lines.push(`| ${row.join(' | ')} |`);
	return lines.join('\n');
}

/** A CPU profile summed into tables, so that the stored results need no profile file. */
export function profileTables(p: Profile): Table[] {
	if (!existsSync(p.file)) {
		return [{ caption: `CPU profile — ${p.label}: missing`, columns: ['file'], rows: [[p.file]] }];
	}
	const areas = byArea(p.file).slice(0, 8);
	const { rows, busyMs } = topFunctions(p.file, 10);
	const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
	return [
		{
			caption: `CPU profile — ${p.label}: ${busyMs.toFixed(0)} ms busy over one extra run; self time by area`,
			columns: ['area', 'self time', 'share'],
			rows: areas.map((a) => [a.area, `${a.selfMs.toFixed(0)} ms`, pct(a.share)])
		},
		{
			caption: 'Top functions (self time)',
			columns: ['function', 'where', 'share'],
			rows: rows.map((r) => [
				`\`${r.name}\``,
				r.where ? `\`${r.where}\`` : '(native)',
				pct(r.share)
			])
		}
	];
}

function describeRun(run: RunInfo): string {
	const m = run.machine;
	return (
		`Measured by \`${run.command}\` (${run.set} set) on ${m.date.slice(0, 10)}, ` +
		`${run.seconds.toFixed(0)} s; load average (1, 5, 15 min) ${run.loadBefore} before, ` +
		`${run.loadAfter} after; ${m.nproc} cores (${m.cpu}), Node ${m.node}.`
	);
}

/**
 * BENCHMARKS.md, written whole from the stored results: each scenario says which run its
 * figures come from; then the analysis file.
 */
export function renderReport(stored: StoredResults): string {
	const machines = [...stored.scenarios, ...stored.failures].map((s) => s.run.machine);
	const m = machines.sort((a, b) => b.date.localeCompare(a.date))[0];
	const out = [
		'# Fil — measured performance',
		'',
		'Written whole by the bench harness (`npm run bench`; `npm run bench -- --full` for the full',
		'set) from the raw results it stores in `BENCHMARKS.json`; a scenario run alone',
		'(`--only=P4`) replaces its own figures there and the file is written again. Each section',
		'names the run its figures come from. The analysis at the end is `bench/analysis.md`.',
		''
	];
	if (m) {
		out.push(
			'## Machine',
			'',
			`- ${m.nproc} cores (${m.cpu}), ${m.memoryGb} GB memory, Node ${m.node}, fd hard limit ${m.ulimitHard}`,
			'- Server under test and load generators share the machine (loopback only).',
			''
		);
	}
	if (stored.failures.length) {
		out.push('## Scenarios that did not complete', '');
		for (const f of stored.failures)
			out.push(`- ${f.ids.join('/')}: ${f.message} (${describeRun(f.run)})`);
		out.push('');
	}
	for (const s of stored.scenarios) {
		out.push(`## ${s.id} — ${s.title}`, '', `_${describeRun(s.run)}_`, '');
		for (const t of s.tables) out.push(renderTable(t), '');
		for (const n of s.notes) out.push(`- ${n}`);
		out.push('');
		for (const t of s.profileTables) out.push(renderTable(t), '');
	}
	if (existsSync(ANALYSIS_FILE)) out.push(readFileSync(ANALYSIS_FILE, 'utf8').trim(), '');
	return out.join('\n');
}
