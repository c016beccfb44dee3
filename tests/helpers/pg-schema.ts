import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test database of these machines (trust auth); override with FIL_TEST_PG_URL. */
export const TEST_PG_URL = process.env.FIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PgSchema {
	schema: string;
	/** What to pass to startFilServer so the server uses this schema. */
	env: { DATABASE_URL: string; DATABASE_SCHEMA: string };
	query<T extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<T[]>;
	drop(): Promise<void>;
}

/** A fresh, empty schema `t_<random>` in the test database; `drop()` removes it and its tables. */
export async function createPgSchema(): Promise<PgSchema> {
	const schema = `t_${randomBytes(6).toString('hex')}`;
	const pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 2 });
	await pool.query(`create schema ${schema}`);
	return {
		schema,
		env: { DATABASE_URL: TEST_PG_URL, DATABASE_SCHEMA: schema },
		query: async (text, params) => {
			const client = await pool.connect();
			try {
				await client.query(`set search_path to ${schema}`);
				return (await client.query(text, params)).rows;
			} finally {
				client.release();
			}
		},
		drop: async () => {
			try {
				await pool.query(`drop schema if exists ${schema} cascade`);
			} finally {
				await pool.end();
			}
		}
	};
}
