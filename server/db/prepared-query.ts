import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import type { Db } from './database.ts';

const SLOT = Symbol('prepared query parameter');

interface Slot {
	readonly [SLOT]: string;
}

function isSlot(value: unknown): value is Slot {
	return typeof value === 'object' && value !== null && SLOT in value;
}

/** Stand-ins for the parameters while the query is built: each names the one it stands for. */
const standIns = new Proxy({} as Record<string, Slot>, {
	get: (_, name) => ({ [SLOT]: String(name) })
});

/**
 * A query on the hot path, built and compiled by Kysely once per database instead of on every
 * run (building and compiling cost as much as SQLite running these small queries). `build`
 * must use each parameter as a plain value only — no branching on it, no list of it.
 */
export function prepareQuery<P extends Record<string, unknown>, R>(
	build: (db: Db, params: P) => Compilable<R>
): (db: Db, params: P) => Promise<QueryResult<R>> {
	// Keyed by the dialect's adapter, which a database shares with its transactions.
	const compiled = new WeakMap<object, CompiledQuery<R>>();
	return (db, params) => {
		const executor = db.getExecutor();
		let query = compiled.get(executor.adapter);
		if (!query) {
			query = build(db, standIns as unknown as P).compile();
			compiled.set(executor.adapter, query);
		}
		const parameters = query.parameters.map((p) => (isSlot(p) ? params[p[SLOT]] : p));
		return db.executeQuery<R>({ ...query, parameters });
	};
}
