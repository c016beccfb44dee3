import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT } from './processes.ts';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

export interface HotFunction {
	name: string;
	where: string;
	selfMs: number;
	share: number;
}

function shorten(url: string): string {
	const path = url.replace(/^file:\/\//, '');
	const rel = path.startsWith(ROOT) ? relative(ROOT, path) : path;
	return rel.replace(/^node_modules\//, '').replace(/^\.pnpm\/[^/]+\/node_modules\//, '');
}

/** Self time per function, the functions that cost the most first (idle excluded). */
export function topFunctions(file: string, limit = 15): { rows: HotFunction[]; busyMs: number } {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<string, { name: string; where: string; us: number }>();
	let busy = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		const node = byId.get(profile.samples[i]);
		const dt = profile.timeDeltas[i] ?? 0;
		if (!node) continue;
		const { functionName, url, lineNumber } = node.callFrame;
		// `dispatch` (native, no script) belongs to the inspector session taking the profile: an
		// idle server shows it too, in proportion to the time profiled.
		if (functionName === '(idle)' || functionName === '(program)') continue;
		if (functionName === 'dispatch' && !url) continue;
		busy += dt;
		const where = url ? `${shorten(url)}:${lineNumber + 1}` : '';
		const key = `${functionName}@${where}`;
		const entry = self.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
		entry.us += dt;
		self.set(key, entry);
	}
	const rows = [...self.values()]
		.sort((a, b) => b.us - a.us)
		.slice(0, limit)
		.map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, share: e.us / busy }));
	return { rows, busyMs: busy / 1000 };
}

/** Where a function lives, coarsely: a package, our code, Node, or the engine. */
export function areaOf(name: string, where: string): string {
	if (name === '(garbage collector)') return 'GC';
	if (['run', 'all', 'get', 'iterate', 'Statement', 'prepare'].includes(name) && !where)
		return 'SQLite (native)';
	if (
		['writev', 'writeUtf8String', 'writeBuffer', 'read', 'close', 'shutdown'].includes(name) &&
		!where
	)
		return 'socket syscalls';
	const pkg = /^(@[^/]+\/[^/]+|[^/]+)\//.exec(where);
	if (where.startsWith('server/') || where.startsWith('bench/')) return 'Fil code';
	if (where.startsWith('build/')) return 'SvelteKit app (build/)';
	if (where.startsWith('node:')) return 'Node internals';
	if (pkg && !where.startsWith('/')) return pkg[1];
	return where ? 'other' : `native: ${name}`;
}

export function byArea(file: string): { area: string; selfMs: number; share: number }[] {
	const { rows, busyMs } = topFunctions(file, Number.MAX_SAFE_INTEGER);
	const areas = new Map<string, number>();
	for (const r of rows)
		areas.set(areaOf(r.name, r.where), (areas.get(areaOf(r.name, r.where)) ?? 0) + r.selfMs);
	return [...areas.entries()]
		.map(([area, selfMs]) => ({ area, selfMs, share: selfMs / busyMs }))
		.sort((a, b) => b.selfMs - a.selfMs);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	for (const a of byArea(process.argv[2]).slice(0, 12)) {
		console.log(
			`${(a.share * 100).toFixed(1).padStart(5)}%  ${a.selfMs.toFixed(0).padStart(6)} ms  [${a.area}]`
		);
	}
	const { rows, busyMs } = topFunctions(process.argv[2], Number(process.argv[3] ?? 25));
	console.log(`busy ${busyMs.toFixed(0)} ms`);
	for (const r of rows) {
		console.log(
			`${(r.share * 100).toFixed(1).padStart(5)}%  ${r.selfMs.toFixed(0).padStart(6)} ms  ${r.name}  ${r.where}`
		);
	}
}
