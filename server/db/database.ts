import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Logger } from '../log/logger.ts';
import type { Database } from './schema.ts';
import { claimDataDir } from './data-dir-claim.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

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
	return openSqlite(sqliteFile(options.dataDir), options.dataDir);
}

/** The SQLite database of a data directory. */
export function sqliteFile(dataDir: string): string {
	return join(dataDir, 'fil.sqlite');
}

/**
 * WAL: readers never block the writer; NORMAL is durable across process crashes in WAL mode.
 * Exported so the benchmark's raw baseline runs with exactly the same settings.
 */
export const SQLITE_PRAGMAS = [
	'journal_mode = WAL',
	'synchronous = NORMAL',
	'foreign_keys = ON',
	'busy_timeout = 5000'
] as const;

function openSqlite(file: string, dataDir: string): DatabaseHandle {
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const sqlite = new SQLite(file);
	for (const pragma of SQLITE_PRAGMAS) sqlite.pragma(pragma);
	const checkpointer = startWalCheckpointer(sqlite, file);
	const releaseClaim = claimDataDir(dataDir);
	const db = new Kysely<Database>({
		dialect: new SqliteDialect({ database: withStatementCache(sqlite) })
	});
	return {
		db,
		kind: 'sqlite',
		// The worker's connection goes first, so ours is the last and folds the WAL in on close.
		close: async () => {
			await checkpointer.stop();
			await db.destroy();
			releaseClaim();
		}
	};
}

/**
 * Kysely prepares every query it runs; preparing costs more than running the small queries
 * Fil makes. The same SQL text gets the same prepared statement back (least recently used
 * dropped past `max`). Safe: Kysely holds SQLite's one connection for each whole query.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SqliteDatabase {
	const cache = new Map<string, SQLite.Statement>();
	return {
		close: () => sqlite.close(),
		prepare: (sql) => {
			let statement = cache.get(sql);
			if (statement) {
				cache.delete(sql);
			} else {
				statement = sqlite.prepare(sql);
				if (cache.size >= max) cache.delete(cache.keys().next().value!);
			}
			cache.set(sql, statement);
			return statement;
		}
	};
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
