import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { FilServer } from './fil-server.ts';
import type { TestDatabase } from './for-each-database.ts';

export interface OutboxLine {
	id: number;
	kind: string;
	to_address: string;
	status: string;
	attempts: number;
	merged_into: number | null;
	payload: string;
}

/** The rows behind a running server, read beside it: its SQLite file or its PostgreSQL schema. */
export interface ServerDb {
	/** `?` placeholders on both databases. */
	all<T>(query: string, params?: unknown[]): Promise<T[]>;
	outbox(): Promise<OutboxLine[]>;
	/** Makes the post with this body fail at the last write of its transaction; returns the undo. */
	failPostsWithBody(body: string): Promise<() => Promise<void>>;
	close(): Promise<void>;
}

function sqliteDb(dataDir: string): ServerDb {
	const db = new SQLite(join(dataDir, 'fil.sqlite'));
	db.pragma('busy_timeout = 5000');
	const self: ServerDb = {
		all: async <T>(query: string, params: unknown[] = []) =>
			db.prepare(query).all(...params) as T[],
		outbox: () => self.all<OutboxLine>('select * from outbox order by id'),
		async failPostsWithBody(body) {
			db.exec(`create trigger fail_post before insert on events
				when (select body from comments where id = new.comment_id) = '${body}'
				begin select raise(abort, 'échec provoqué'); end`);
			return async () => void db.exec('drop trigger fail_post');
		},
		close: async () => void db.close()
	};
	return self;
}

function postgresDb(db: TestDatabase): ServerDb {
	const schema = db.pg();
	if (!schema) throw new Error('no PostgreSQL schema');
	const self: ServerDb = {
		all: async <T>(query: string, params: unknown[] = []) => {
			let n = 0;
			return (await schema.query(
				query.replace(/\?/g, () => `$${++n}`),
				params
			)) as T[];
		},
		outbox: () => self.all<OutboxLine>('select * from outbox order by id'),
		async failPostsWithBody(body) {
			await schema.query(`create function fail_post() returns trigger language plpgsql as $$
				begin
					if (select c.body from comments c where c.id = new.comment_id) = '${body}' then
						raise exception 'échec provoqué';
					end if;
					return new;
				end $$`);
			await schema.query(
				'create trigger fail_post before insert on events for each row execute function fail_post()'
			);
			return async () => {
				await schema.query('drop trigger fail_post on events');
				await schema.query('drop function fail_post()');
			};
		},
		close: async () => {}
	};
	return self;
}

export function openServerDb(server: FilServer, db: TestDatabase): ServerDb {
	return db.kind === 'postgres' ? postgresDb(db) : sqliteDb(server.dataDir);
}

/** Reads the server's database, SQLite or PostgreSQL (`$1` placeholders). */
export async function queryRows(
	server: FilServer,
	query: string,
	params: unknown[] = []
): Promise<Record<string, unknown>[]> {
	const url = server.env.DATABASE_URL;
	if (url) {
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const schema = server.env.DATABASE_SCHEMA;
			if (schema) await client.query(`set search_path to ${schema}`);
			return (await client.query(query, params)).rows as Record<string, unknown>[];
		} finally {
			await client.end();
		}
	}
	const db = new SQLite(join(server.dataDir, 'fil.sqlite'), {
		readonly: true,
		fileMustExist: true
	});
	try {
		return db.prepare(query.replace(/\$\d+/g, '?')).all(...params) as Record<string, unknown>[];
	} finally {
		db.close();
	}
}
