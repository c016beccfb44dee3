import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { expect, it } from 'vitest';
import type { Ack } from '../../../server/contract/errors.ts';
import type { PublicComment } from '../../../server/contract/types.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase, type TestDatabase } from '../../helpers/for-each-database.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import type { TestSocket } from '../../helpers/socket-client.ts';
import { connectReader } from '../../helpers/thread-actions.ts';

type Outcome = { ok: true; id: number } | { ok: false; code: string } | { lost: true };

/** Posts and resolves with the answer, or "lost" if the socket closes first. */
function post(socket: TestSocket, body: string): Promise<Outcome> {
	return new Promise((resolve) => {
		const onClose = () => resolve({ lost: true });
		socket.once('disconnect', onClose);
		const payload = {
			slug: SLUG,
			body,
			name: 'Pressée',
			email: 'pressee@example.org',
			website: '',
			idempotencyKey: randomUUID()
		};
		(
			socket.emit as (
				e: string,
				p: unknown,
				cb: (a: Ack<{ comment: PublicComment }>) => void
			) => void
		)('comment:post', payload, (ack) => {
			socket.off('disconnect', onClose);
			resolve(ack.ok ? { ok: true, id: ack.data.comment.id } : { ok: false, code: ack.error.code });
		});
	});
}

async function storedIds(server: FilServer, database: TestDatabase): Promise<Set<number>> {
	const pg = database.pg();
	if (pg)
		return new Set((await pg.query<{ id: number }>('select id from comments')).map((r) => r.id));
	const sqlite = new SQLite(join(server.dataDir, 'fil.sqlite'), { readonly: true });
	try {
		const rows = sqlite.prepare('select id from comments').all() as { id: number }[];
		return new Set(rows.map((r) => r.id));
	} finally {
		sqlite.close();
	}
}

forEachDatabase('SIGTERM while posts are in flight', (database) => {
	let server: FilServer | undefined;
	printLogsOnFailure(() => [server]);

	it('answers or refuses every post, keeps every acknowledged one, exits 0', async () => {
		server = await startFilServer({ env: database.env() });
		const readers = [];
		for (let i = 0; i < 4; i++) readers.push((await connectReader(server.url)).socket);
		const closeReasons: string[] = [];
		for (const r of readers) r.on('disconnect', (reason) => closeReasons.push(reason));

		const outcomes: Promise<Outcome>[] = [];
		for (let n = 0; n < 15; n++) {
			for (const [i, r] of readers.entries()) outcomes.push(post(r, `Message ${i}-${n}`));
		}
		// All 60 were sent together before the first answer came back, so the server holds them:
		// each must be answered (written, or refused as UNAVAILABLE), none dropped unanswered.
		await Promise.race(outcomes);
		const exit = server.stop();
		const firstBatch = Promise.all([...outcomes]);
		// One reader keeps posting through the drain until it is refused or closed.
		let last: Outcome;
		let m = 0;
		do {
			last = await post(readers[0], `Pendant l’arrêt ${m++}`);
			outcomes.push(Promise.resolve(last));
		} while ('ok' in last && last.ok);
		const results = await Promise.all(outcomes);
		expect(await exit).toBe(0);
		expect((await firstBatch).filter((r) => 'lost' in r)).toEqual([]);

		const acked = results.flatMap((r) => ('ok' in r && r.ok ? [r.id] : []));
		const refused = results.flatMap((r) => ('ok' in r && !r.ok ? [r.code] : []));
		expect(acked.length).toBeGreaterThan(0);
		expect(refused.every((code) => code === 'UNAVAILABLE')).toBe(true);
		const stored = await storedIds(server, database);
		expect(acked.filter((id) => !stored.has(id))).toEqual([]);
		// Closed as a transport, not kicked: socket.io clients reconnect on their own.
		expect(closeReasons.length).toBe(readers.length);
		expect(closeReasons.every((r) => r === 'transport close')).toBe(true);
		const draining = server.logs.find((l) => l.includes('SIGTERM received'));
		console.log(
			`${draining}\n[${database.kind}] acked ${acked.length}, refused ${refused.length}, lost ${results.length - acked.length - refused.length}`
		);
	});
});
