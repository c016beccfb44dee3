import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../log/logger.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type DbKind = 'sqlite' | 'postgres';

export interface DatabaseHandle {
	db: Db;
	kind: DbKind;
	/** PostgreSQL schema given by DATABASE_SCHEMA, if any. */
	schema?: string;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	dataDir: string;
	databaseUrl?: string;
	/** PostgreSQL schema to use (tests give each run its own); validated by the config. */
	pgSchema?: string;
	logger?: Logger;
}

// COUNT(*) and other int8 values come back as strings by default; ours fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
	if (options.databaseUrl) {
		return openPostgres(options.databaseUrl, options.pgSchema, options.logger);
	}
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

function openPostgres(url: string, schema?: string, logger?: Logger): DatabaseHandle {
	const pool = new pg.Pool({
		connectionString: url,
		max: 10,
		connectionTimeoutMillis: 5000,
		options: schema ? `-c search_path=${schema}` : undefined
	});
	// An idle connection dropped by the server must not crash the process; the pool reconnects.
	pool.on('error', (error) => logger?.warn('PostgreSQL connection lost', { error: error.message }));
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return { db, kind: 'postgres', schema, close: () => db.destroy() };
}
