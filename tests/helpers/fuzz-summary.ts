import { isDeepStrictEqual } from 'node:util';
import { snapshotDatabase } from './db-snapshot.ts';
import type { FilServer } from './fil-server.ts';

/** How many database comparisons a suite made, and how many found it as it was. */
export interface RowChecks {
	checked: number;
	unchanged: number;
}

export function newRowChecks(): RowChecks {
	return { checked: 0, unchanged: 0 };
}

/** The database now, counted against `before`; the caller still asserts on it. */
export async function snapshotCounted(
	server: FilServer,
	before: Record<string, string[]>,
	checks: RowChecks
): Promise<Record<string, string[]>> {
	const now = await snapshotDatabase(server);
	checks.checked += 1;
	if (isDeepStrictEqual(now, before)) checks.unchanged += 1;
	return now;
}

export function describeRowChecks(checks: RowChecks): string {
	return `database unchanged at ${checks.unchanged} of ${checks.checked} checks`;
}

/** From answers counted as "… <status>": those let through (< 400) and server errors (≥ 500). */
export function describeStatuses(statuses: Map<string, number>): string {
	let accepted = 0;
	let serverErrors = 0;
	for (const [key, n] of statuses) {
		const status = Number(key.split(' ').at(-1));
		if (status < 400) accepted += n;
		if (status >= 500) serverErrors += n;
	}
	return `${accepted} accepted, ${serverErrors} server errors`;
}
