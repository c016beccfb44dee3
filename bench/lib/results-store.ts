import { existsSync, readFileSync } from 'node:fs';
import type { Machine } from './machine.ts';
import type { Table } from './report-types.ts';

/** The run a scenario's figures come from. */
export interface RunInfo {
	command: string;
	set: 'quick' | 'full';
	machine: Machine;
	/** Load average (1, 5, 15 min) when the scenario started and when it ended. */
	loadBefore: string;
	loadAfter: string;
	seconds: number;
}

/** One scenario as BENCHMARKS.md shows it, with its raw figures. */
export interface StoredScenario {
	id: string;
	title: string;
	tables: Table[];
	notes: string[];
	/** CPU profiles of the server, summed into tables. */
	profileTables: Table[];
	raw: unknown;
	run: RunInfo;
}

export interface StoredFailure {
	ids: string[];
	message: string;
	run: RunInfo;
}

/** BENCHMARKS.json: every scenario's latest figures, whichever run produced them. */
export interface StoredResults {
	scenarios: StoredScenario[];
	failures: StoredFailure[];
}

export function loadStoredResults(file: string): StoredResults {
	if (!existsSync(file)) return { scenarios: [], failures: [] };
	const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredResults>;
	return { scenarios: stored.scenarios ?? [], failures: stored.failures ?? [] };
}

/**
 * The stored results with this run's scenarios put in place of the same ids (a failure of a
 * scenario replaces its figures too: the report must not show stale ones as current).
 */
export function mergeResults(
	stored: StoredResults,
	ran: string[],
	scenarios: StoredScenario[],
	failures: StoredFailure[],
	order: string[]
): StoredResults {
	const replaced = new Set(ran);
	const kept = stored.scenarios.filter((s) => !replaced.has(s.id));
	const keptFailures = stored.failures.filter((f) => !f.ids.some((id) => replaced.has(id)));
	const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
	return {
		scenarios: [...kept, ...scenarios].sort((a, b) => rank(a.id) - rank(b.id)),
		failures: [...keptFailures, ...failures]
	};
}
