import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../server/context/app-context.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import type { Database } from '../../../server/db/schema.ts';
import { createLogger } from '../../../server/log/logger.ts';
import { toggleReaction } from '../../../server/reactions/reaction-service.ts';
import type { ToggleRequest } from '../../../server/context/app-context.ts';
import type { CommentUpdate } from '../../../server/reactions/toggle-batch.ts';
import { ToggleQueue, type ToggleQueueOptions } from '../../../server/reactions/toggle-queue.ts';
import { selectedDatabases, useTestDatabase } from '../../helpers/for-each-database.ts';
import { TEST_PG_URL } from '../../helpers/pg-schema.ts';
import { READERS, readReactionRows, seedToggleFixture } from '../../helpers/toggle-fixture.ts';
import { OTHER_SLUG as SLUG } from '../../helpers/fixtures.ts';

/** The error code a promise settles with, or 'ok'. */
function outcomeOf(p: Promise<unknown>): Promise<string> {
	return p.then(
		() => 'ok',
		(e: unknown) => (e as { code?: string }).code ?? String(e)
	);
}

describe.each(selectedDatabases())('reaction toggles when things go wrong [%s]', (kind) => {
	const testDb = useTestDatabase(kind);
	let handle: DatabaseHandle;
	let dataDir = '';
	let db: Db;
	let commentIds: number[];
	let updates: CommentUpdate[];
	let warnings: string[];
	let queue: ToggleQueue;

	function newQueue(on: Db, options?: ToggleQueueOptions): ToggleQueue {
		const logger = createLogger('warn', (line) => warnings.push(line));
		return new ToggleQueue(on, kind, (u) => updates.push(...u), logger, options);
	}

	const request = (identityId: string, emoji: ToggleRequest['emoji'] = '👍'): ToggleRequest => ({
		slug: SLUG,
		commentId: commentIds[0]!,
		identityId,
		emoji
	});

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'fil-toggle-faults-'));
		const pgSchema = testDb.pg();
		handle = openDatabase({
			dataDir,
			databaseUrl: pgSchema ? TEST_PG_URL : undefined,
			pgSchema: pgSchema?.schema
		});
		db = handle.db;
		await migrateToLatest(db, handle.kind, handle.schema);
		commentIds = await seedToggleFixture(db, [SLUG, SLUG]);
	});

	afterAll(async () => {
		await handle.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	beforeEach(async () => {
		await db.deleteFrom('reactions').execute();
		await db.deleteFrom('reaction_counts').execute();
		await db.updateTable('comments').set({ reaction_count: 0, status: 'published' }).execute();
		await db.updateTable('identities').set({ banned: 0 }).execute();
		updates = [];
		warnings = [];
		queue = newQueue(db);
	});

	/** The toggle's entry point, with a limiter that lets `meanwhile` commit while it waits. */
	function toggleWhile(meanwhile: () => Promise<void>, identityId: string) {
		const ctx = { db, limits: { consume: meanwhile }, reactions: queue } as unknown as AppContext;
		return toggleReaction(
			ctx,
			{ identityId, ipHash: 'ip' },
			{ commentId: commentIds[0]!, emoji: '👍' }
		);
	}

	it('refuses a toggle on a comment held while it waited, and tells nobody', async () => {
		const held = toggleWhile(async () => {
			await db
				.updateTable('comments')
				.set({ status: 'held' })
				.where('id', '=', commentIds[0]!)
				.execute();
		}, READERS[3]!);
		expect(await outcomeOf(held)).toBe('NOT_FOUND');
		expect((await readReactionRows(db, commentIds)).counts[commentIds[0]!]).toEqual({});
		expect(updates).toEqual([]);
	});

	it('refuses a toggle from a reader banned while it waited', async () => {
		const banned = toggleWhile(async () => {
			await db.updateTable('identities').set({ banned: 1 }).where('id', '=', READERS[4]!).execute();
		}, READERS[4]!);
		expect(await outcomeOf(banned)).toBe('BANNED');
		expect((await readReactionRows(db, commentIds)).counts[commentIds[0]!]).toEqual({});
	});

	it('fails alone a toggle the database refuses; the rest of its batch commit alone', async () => {
		// A trigger stands for any fault of one toggle's rows: it rolls the whole batch back.
		const poison = READERS[9]!;
		if (kind === 'postgres') {
			await sql`create function poison() returns trigger language plpgsql as $$
				begin if new.identity_id = ${sql.lit(poison)} then raise exception 'poison'; end if;
				return new; end $$`.execute(db);
			await sql`create trigger poison before insert on reactions
				for each row execute function poison()`.execute(db);
		} else {
			await sql`create trigger poison before insert on reactions
				when new.identity_id = ${sql.lit(poison)}
				begin select raise(abort, 'poison'); end`.execute(db);
		}
		try {
			const good = READERS.slice(0, 5).map((id) => queue.toggle(request(id, '🤔')));
			const bad = queue.toggle(request(poison, '🤔'));
			const outcomes = await Promise.allSettled([bad, ...good]);
			expect(outcomes[0]!.status).toBe('rejected');
			// Each answered with the counts its own commit left.
			expect(
				outcomes.slice(1).map((o) => (o.status === 'fulfilled' ? o.value.reactions['🤔'] : o))
			).toEqual([1, 2, 3, 4, 5]);
			const { counts, columnsAgree } = await readReactionRows(db, commentIds);
			expect(counts[commentIds[0]!]).toEqual({ '🤔': 5 });
			expect(columnsAgree).toBe(true);
			expect(warnings).toHaveLength(1);
			expect(warnings[0]).toContain('"toggles":6');
		} finally {
			await sql`drop trigger poison${sql.raw(kind === 'postgres' ? ' on reactions' : '')}`.execute(
				db
			);
			if (kind === 'postgres') await sql`drop function poison()`.execute(db);
		}
	});

	it.runIf(kind === 'postgres')(
		'answers a batch that cannot get a connection in a few timeouts, not one per toggle',
		async () => {
			// The pool exhausted (one connection, busy) and a short wait for a connection.
			const pool = new pg.Pool({
				connectionString: TEST_PG_URL,
				max: 1,
				connectionTimeoutMillis: 150,
				options: `-c search_path=${testDb.pg()!.schema}`
			});
			const small = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
			try {
				const busy = small.connection().execute((c) => sql`select pg_sleep(3)`.execute(c));
				await new Promise((r) => setTimeout(r, 100));
				const slow = newQueue(small);
				const started = Date.now();
				const codes = await Promise.all(
					READERS.slice(0, 20).map((id) => outcomeOf(slow.toggle(request(id))))
				);
				// The batch, then two alone: three timeouts, not twenty-one.
				expect(Date.now() - started).toBeLessThan(1500);
				expect(codes.filter((c) => c === 'UNAVAILABLE')).toHaveLength(18);
				await busy;
			} finally {
				await small.destroy();
			}
			expect((await readReactionRows(db, commentIds)).counts[commentIds[0]!]).toEqual({});
		},
		20_000
	);

	it.runIf(kind === 'postgres')(
		'answers UNAVAILABLE, and never writes, a toggle that waited too long',
		async () => {
			const slow = newQueue(db, { maxWaitMs: 200 });
			const pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 1 });
			const client = await pool.connect();
			try {
				await client.query(`set search_path to ${testDb.pg()!.schema}`);
				await client.query('begin');
				await client.query('select id from comments where id = $1 for update', [commentIds[0]]);
				// The first batch waits for the lock; the next toggles wait behind it.
				const first = outcomeOf(slow.toggle(request(READERS[1]!)));
				await new Promise((r) => setTimeout(r, 50));
				const later = READERS.slice(2, 6).map((id) => outcomeOf(slow.toggle(request(id))));
				await new Promise((r) => setTimeout(r, 500));
				await client.query('commit');
				expect(await first).toBe('ok');
				expect(await Promise.all(later)).toEqual(Array(4).fill('UNAVAILABLE'));
			} finally {
				client.release();
				await pool.end();
			}
			expect((await readReactionRows(db, commentIds)).counts[commentIds[0]!]).toEqual({ '👍': 1 });
		},
		20_000
	);
});
