import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_PRAGMAS } from '../../../server/db/database.ts';
import { startWalCheckpointer } from '../../../server/db/wal-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A write as Kysely runs one on the app's connection: a deferred transaction that reads, then
 * writes a few awaits later (the checkpointer's thread runs all along).
 */
async function readThenWrite(sqlite: SQLite.Database, n: number): Promise<void> {
	sqlite.exec('begin');
	try {
		sqlite.prepare('select count(*) from notes').get();
		for (let i = 0; i < 20; i++) await Promise.resolve();
		sqlite.prepare('insert into notes (body) values (?)').run(`note ${n} ${'x'.repeat(3000)}`);
		sqlite.exec('commit');
	} catch (error) {
		sqlite.exec('rollback');
		throw error;
	}
}

describe('the WAL checkpointer', () => {
	it('cuts the WAL back under a sustained write load without failing a single write', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'fil-wal-'));
		dirs.push(dir);
		const file = join(dir, 'fil.sqlite');
		const sqlite = new SQLite(file);
		for (const pragma of SQLITE_PRAGMAS) sqlite.pragma(pragma);
		sqlite.exec('create table notes (id integer primary key, body text not null)');
		// A tiny limit and a fast pace, so the limit is crossed over and over in a short test.
		const checkpointer = startWalCheckpointer(sqlite, file, { everyMs: 2, maxFrames: 40 });
		const failures: string[] = [];
		let largestWal = 0;
		let previousWal = 0;
		let resets = 0;
		const started = Date.now();
		let n = 0;
		while (Date.now() - started < 3000) {
			// One at a time, as Kysely's single SQLite connection runs its transactions.
			await readThenWrite(sqlite, n++).catch((e: Error) => failures.push(e.message));
			// The next request arrives in another turn of the event loop.
			await turn();
			const wal = statSync(`${file}-wal`).size;
			if (wal < previousWal) resets++;
			previousWal = wal;
			largestWal = Math.max(largestWal, wal);
		}
		await checkpointer.stop();
		const rows = sqlite.prepare('select count(*) as n from notes').get() as { n: number };
		sqlite.close();
		console.log(
			`wal checkpointer: ${n} read-then-write transactions in 3 s, ${failures.length} failed, ` +
				`WAL truncated ${resets} times, largest ${(largestWal / 1024).toFixed(0)} KB`
		);
		expect(failures).toEqual([]);
		expect(rows.n).toBe(n);
		// Bounded: past the limit, the WAL file is cut back again and again.
		expect(resets).toBeGreaterThan(2);
	});
});
