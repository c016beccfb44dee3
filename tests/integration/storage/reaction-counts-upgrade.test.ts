import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import type { ThreadPage } from '../../../server/contract/types.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase, type TestDatabase } from '../../helpers/for-each-database.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { connectReader, postComment, toggleReaction } from '../../helpers/thread-actions.ts';

/**
 * Takes a stopped server's database back to before 004-reaction-counts, reactions kept (and
 * so before the migrations that follow it).
 */
async function forgetReactionCounts(server: FilServer, database: TestDatabase): Promise<void> {
	const statements = [
		'drop index comments_identity_text',
		'alter table comments drop column text_key',
		"delete from kysely_migration where name = '005-comment-text-key'",
		'drop table reaction_counts',
		"delete from kysely_migration where name = '004-reaction-counts'"
	];
	const pg = database.pg();
	if (pg) {
		for (const statement of statements) await pg.query(statement);
		return;
	}
	const db = new Database(join(server.dataDir, 'fil.sqlite'));
	try {
		for (const statement of statements) db.exec(statement);
	} finally {
		db.close();
	}
}

async function shownCounts(socket: TestSocket, commentId: number) {
	const page = await emitAck<ThreadPage>(socket, 'thread:page', {
		slug: SLUG,
		sort: 'newest',
		offset: 0
	});
	if (!page.ok) throw new Error(page.error.code);
	return page.data.comments.find((c) => c.id === commentId)?.reactions;
}

forEachDatabase('reactions given before the counts were kept', (database) => {
	const servers: FilServer[] = [];
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => servers);

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		for (const s of servers) await s.stop();
	});

	it('are counted after the upgrade, and toggles go on from them', async () => {
		const before = await startFilServer({ env: database.env() });
		servers.push(before);
		const readers = await Promise.all([1, 2, 3].map(() => connectReader(before.url)));
		sockets.push(...readers.map((r) => r.socket));
		const [alice, bob, carol] = readers.map((r) => r.socket);
		const posted = await postComment(alice, 'Réagi avant la mise à jour');
		if (!posted.ok) throw new Error(posted.error.code);
		const id = posted.data.comment.id;
		for (const s of [alice, bob, carol]) await toggleReaction(s, id, '👍');
		await toggleReaction(alice, id, '❤️');
		await toggleReaction(bob, id, '😂');
		await toggleReaction(bob, id, '😂');
		for (const s of sockets.splice(0)) s.disconnect();
		await before.stop();

		await forgetReactionCounts(before, database);
		const after = await startFilServer({ env: database.env(), dataDir: before.dataDir });
		servers.push(after);
		const again = await connectAs(after.url, readers[0].cookie);
		sockets.push(again);

		expect(await shownCounts(again, id)).toEqual({ '👍': 3, '❤️': 1 });
		const off = await toggleReaction(again, id, '👍');
		expect(off.ok && off.data).toEqual({
			commentId: id,
			reactions: { '👍': 2, '❤️': 1 },
			mine: ['❤️']
		});
		const on = await toggleReaction(again, id, '😂');
		expect(on.ok && on.data.reactions).toEqual({ '👍': 2, '❤️': 1, '😂': 1 });
		expect(await shownCounts(again, id)).toEqual({ '👍': 2, '❤️': 1, '😂': 1 });
	});
});
