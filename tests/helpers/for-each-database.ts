import { afterAll, beforeAll, describe } from 'vitest';
import { createPgSchema, type PgSchema } from './pg-schema.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface TestDatabase {
	kind: DatabaseKind;
	/** Env for startFilServer: nothing for SQLite (each server has its own data dir). */
	env(): Record<string, string>;
	/** The PostgreSQL schema, to look at rows directly; null on SQLite. */
	pg(): PgSchema | null;
}

/** Both by default; FIL_TEST_DATABASES=sqlite (or postgres) narrows a local run. */
export function selectedDatabases(): DatabaseKind[] {
	const wanted = (process.env.FIL_TEST_DATABASES ?? 'sqlite,postgres')
		.split(',')
		.map((s) => s.trim());
	return (['sqlite', 'postgres'] as const).filter((k) => wanted.includes(k));
}

/**
 * Call inside a describe, before the hooks that start servers: on PostgreSQL a fresh schema is
 * created before them and dropped after them (after-hooks run in reverse order).
 */
export function useTestDatabase(kind: DatabaseKind): TestDatabase {
	let schema: PgSchema | null = null;
	if (kind === 'postgres') {
		beforeAll(async () => {
			schema = await createPgSchema();
		});
		afterAll(async () => {
			await schema?.drop();
		});
	}
	return {
		kind,
		env: () => {
			if (kind === 'sqlite') return {};
			if (!schema) throw new Error('the PostgreSQL schema is made in beforeAll: call env() there');
			return { ...schema.env };
		},
		pg: () => schema
	};
}

/**
 * Runs the same suite once per database:
 *   forEachDatabase('the live thread', (db) => {
 *     beforeAll(async () => { server = await startFilServer({ env: db.env() }); });
 *     it(...);
 *   });
 */
export function forEachDatabase(name: string, body: (db: TestDatabase) => void): void {
	describe.each(selectedDatabases())(`${name} [%s]`, (kind) => {
		body(useTestDatabase(kind));
	});
}
