import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emoji } from '../../../server/contract/schemas.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { createLogger } from '../../../server/log/logger.ts';
import type { ToggleRequest } from '../../../server/context/app-context.ts';
import type { CommentUpdate } from '../../../server/reactions/toggle-batch.ts';
import { ToggleQueue } from '../../../server/reactions/toggle-queue.ts';
import { selectedDatabases, useTestDatabase } from '../../helpers/for-each-database.ts';
import { TEST_PG_URL } from '../../helpers/pg-schema.ts';
import {
	READERS,
	readReactionRows as readRows,
	seedToggleFixture
} from '../../helpers/toggle-fixture.ts';
import { OTHER_SLUG as SLUG } from '../../helpers/fixtures.ts';

async function countEvents(db: Db): Promise<number> {
	const row = await db
		.selectFrom('events')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

describe.each(selectedDatabases())('reaction toggles committed together [%s]', (kind) => {
	const testDb = useTestDatabase(kind);
	const handles: DatabaseHandle[] = [];
	let dataDir = '';
	let db: Db;
	let commentIds: number[];
	let updates: CommentUpdate[];
	let warnings: string[];
	let queue: ToggleQueue;

	function open(): DatabaseHandle {
		const pg = testDb.pg();
		const handle = openDatabase({
			dataDir,
			databaseUrl: pg ? TEST_PG_URL : undefined,
			pgSchema: pg?.schema
		});
		handles.push(handle);
		return handle;
	}

	function newQueue(on: Db): ToggleQueue {
		const logger = createLogger('warn', (line) => warnings.push(line));
		return new ToggleQueue(on, kind, (u) => updates.push(...u), logger);
	}

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'fil-toggle-queue-'));
		const handle = open();
		db = handle.db;
		await migrateToLatest(db, handle.kind, handle.schema);
		commentIds = await seedToggleFixture(db, [SLUG, SLUG]);
	});

	afterAll(async () => {
		for (const h of handles) await h.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	beforeEach(async () => {
		await db.deleteFrom('reactions').execute();
		await db.deleteFrom('reaction_counts').execute();
		await db.updateTable('comments').set({ reaction_count: 0 }).execute();
		updates = [];
		warnings = [];
		queue = newQueue(db);
	});

	it('answers thirty toggles sent at once from one commit, each with the committed counts', async () => {
		const [first, second] = commentIds as [number, number];
		const eventsBefore = await countEvents(db);
		const requests: ToggleRequest[] = READERS.map((identityId, i) => ({
			slug: SLUG,
			commentId: i % 3 === 0 ? second : first,
			identityId,
			emoji: i % 2 === 0 ? '👍' : '❤️'
		}));
		const results = await Promise.all(requests.map((r) => queue.toggle(r)));

		const { counts, keptCounts, columnsAgree } = await readRows(db, commentIds);
		expect(counts[first]).toEqual({ '👍': 10, '❤️': 10 });
		expect(counts[second]).toEqual({ '👍': 5, '❤️': 5 });
		expect(keptCounts).toEqual(counts);
		expect(columnsAgree).toBe(true);
		for (const [i, result] of results.entries()) {
			expect(result.reactions).toEqual(counts[requests[i]!.commentId]);
			expect(result.mine).toEqual([requests[i]!.emoji]);
		}
		// One event per comment for the whole commit, and one update per comment to broadcast.
		expect((await countEvents(db)) - eventsBefore).toBe(2);
		expect(updates.map((u) => u.commentId).sort()).toEqual([first, second].sort());
		expect(updates.find((u) => u.commentId === first)?.reactions).toEqual(counts[first]);
		expect(warnings).toEqual([]);
	});

	it('applies one reader’s toggles of the same key in the order they were sent', async () => {
		const [first] = commentIds as [number];
		const toggle = (emoji: Emoji) =>
			queue.toggle({ slug: SLUG, commentId: first, identityId: READERS[1]!, emoji });
		const results = await Promise.all([toggle('👍'), toggle('❤️'), toggle('👍')]);
		for (const result of results) {
			expect(result.mine).toEqual(['❤️']);
			expect(result.reactions).toEqual({ '❤️': 1 });
		}
		const { counts, keptCounts, columnsAgree } = await readRows(db, commentIds);
		expect(counts[first]).toEqual({ '❤️': 1 });
		expect(keptCounts[first]).toEqual({ '❤️': 1 });
		expect(columnsAgree).toBe(true);
	});

	it('refuses in the batch a toggle on a comment that is gone; the others commit with it', async () => {
		const [first] = commentIds as [number];
		const good = READERS.slice(0, 5).map((identityId) =>
			queue.toggle({ slug: SLUG, commentId: first, identityId, emoji: '🤔' })
		);
		const bad = queue.toggle({
			slug: SLUG,
			commentId: 987654,
			identityId: READERS[9]!,
			emoji: '🤔'
		});
		const [badOutcome, ...goodOutcomes] = await Promise.allSettled([bad, ...good]);
		expect(badOutcome).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
		expect(
			goodOutcomes.map((o) => (o.status === 'fulfilled' ? o.value.reactions['🤔'] : o.reason))
		).toEqual([5, 5, 5, 5, 5]);
		const { counts, columnsAgree } = await readRows(db, commentIds);
		expect(counts[first]).toEqual({ '🤔': 5 });
		expect(columnsAgree).toBe(true);
		const stray = await db
			.selectFrom('events')
			.select('id')
			.where('comment_id', '=', 987654)
			.execute();
		expect(stray).toEqual([]);
		expect(updates.map((u) => u.commentId)).toEqual([first]);
		expect(warnings).toEqual([]);
	});

	it('keeps counts exact when two instances batch the same keys in opposite orders', async () => {
		const other = newQueue(kind === 'postgres' ? open().db : db);
		const emojis: Emoji[] = ['👍', '❤️', '😂'];
		for (let round = 0; round < 10; round++) {
			const requests = READERS.flatMap((identityId) =>
				commentIds.flatMap((commentId) =>
					emojis.map((emoji) => ({ slug: SLUG, commentId, identityId, emoji }))
				)
			);
			const reversed = [...requests].reverse();
			const outcomes = await Promise.allSettled([
				...requests.map((r) => queue.toggle(r)),
				...reversed.filter((_, i) => i % 2 === 0).map((r) => other.toggle(r))
			]);
			expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
		}
		const { counts, keptCounts, columnsAgree } = await readRows(db, commentIds);
		expect(keptCounts).toEqual(counts);
		expect(columnsAgree).toBe(true);
		// No batch was rolled back (a deadlock between the two would have been).
		expect(warnings).toEqual([]);
	});
});
