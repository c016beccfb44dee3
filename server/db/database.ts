import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type DbKind = 'sqlite' | 'postgres';

export interface DatabaseHandle {
	db: Db;
	kind: DbKind;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	dataDir: string;
	databaseUrl?: string;
	/** PostgreSQL schema to use (tests give each run its own). */
	pgSchema?: string;
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
	if (options.databaseUrl) return openPostgres(options.databaseUrl, options.pgSchema);
	return openSqlite(join(options.dataDir, 'fil.sqlite'), options.dataDir);
}

function openSqlite(file: string, dataDir: string): DatabaseHandle {
	mkdirSync(dataDir, { recursive: true });
	const sqlite = new SQLite(file);
	// WAL: readers never block the writer; NORMAL is durable across process crashes in WAL mode.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	return { db, kind: 'sqlite', close: () => db.destroy() };
}

function openPostgres(url: string, schema?: string): DatabaseHandle {
	const pool = new pg.Pool({
		connectionString: url,
		max: 10,
		options: schema ? `-c search_path=${schema}` : undefined
	});
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return { db, kind: 'postgres', close: () => db.destroy() };
}
