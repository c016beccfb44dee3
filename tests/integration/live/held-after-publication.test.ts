import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment, ThreadSync } from '../../../server/contract/types.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { useTestDatabase } from '../../helpers/for-each-database.ts';
import {
	HELD_ON_FIRST_REPORT,
	SLUG,
	SocketRegistry,
	startServerWithSettings
} from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, recordEvents } from '../../helpers/socket-client.ts';
import { expectOk, joinWith, postComment } from '../../helpers/thread-actions.ts';
import { sleep } from '../../helpers/wait.ts';

/** The last state a socket was sent for a comment, as its page would show it. */
function lastStateOf(seen: { name: string; payload: unknown }[], id: number): string | null {
	let state: string | null = null;
	for (const { name, payload } of seen) {
		const p = payload as { comment?: PublicComment; commentId?: number };
		if (name === 'comment:deleted' && p.commentId === id) state = 'deleted';
		else if (p.comment?.id === id) state = p.comment.status;
	}
	return state;
}

// A published comment that becomes held (reports reach the threshold) leaves the readers'
// pages; its writer's pages and the author's show held comments (`held:<slug>`): there it
// stays, held, live and after a catch-up.
describe('a published comment held by reports', () => {
	const database = useTestDatabase('sqlite');
	let server: FilServer;
	let authorCookie: string;
	const sockets = new SocketRegistry();
	const joined = (cookie: string) => sockets.add(joinWith(server.url, cookie));
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		({ server, authorCookie } = await startServerWithSettings(
			database.env(),
			HELD_ON_FIRST_REPORT
		));
	});

	afterAll(async () => {
		sockets.closeAll();
		await server?.stop();
	});

	it('is shown held, not deleted, on its writer’s other tab and on the author’s page', async () => {
		const writerCookie = await readerCookie(server.url);
		const writer = await joined(writerCookie);
		const writerTab = await joined(writerCookie);
		const authorPage = await joined(authorCookie);
		const reporter = await joined(await readerCookie(server.url));
		const readerSeen = recordEvents(await joined(await readerCookie(server.url)));
		const writerSeen = recordEvents(writerTab);
		const authorSeen = recordEvents(authorPage);
		const comment = expectOk(await postComment(writer, 'Un avis qui sera signalé')).comment;
		expectOk(await emitAck(reporter, 'comment:report', { commentId: comment.id, reason: 'spam' }));
		await sleep(500);
		expect(lastStateOf(authorSeen, comment.id)).toBe('held');
		expect(lastStateOf(writerSeen, comment.id)).toBe('held');
		expect(lastStateOf(readerSeen, comment.id)).toBe('deleted');
		expect(JSON.stringify(readerSeen)).not.toContain('"status":"held"');

		// A catch-up from before the comment tells each the same.
		const since = async (cookie: string) => {
			const socket = await sockets.add(connectAs(server.url, cookie));
			const sync = expectOk(
				await emitAck<ThreadSync>(socket, 'thread:join', { slug: SLUG, since: comment.id - 1 })
			);
			return sync.events.map((e) => ({ name: e.type, payload: e }));
		};
		expect(lastStateOf(await since(writerCookie), comment.id)).toBe('held');
		expect(lastStateOf(await since(authorCookie), comment.id)).toBe('held');
		expect(lastStateOf(await since(await readerCookie(server.url)), comment.id)).toBe('deleted');
	});

	it('is shown held on its writer’s other tab when an edit makes it held', async () => {
		const writerCookie = await readerCookie(server.url);
		const writer = await joined(writerCookie);
		const writerSeen = recordEvents(await joined(writerCookie));
		const readerSeen = recordEvents(await joined(await readerCookie(server.url)));
		const comment = expectOk(await postComment(writer, 'Un avis sans histoire')).comment;
		const edited = await emitAck<{ comment: PublicComment }>(writer, 'comment:edit', {
			commentId: comment.id,
			body: 'Un avis qui parle de casino'
		});
		expect(expectOk(edited).comment.status).toBe('held');
		await sleep(500);
		expect(lastStateOf(writerSeen, comment.id)).toBe('held');
		expect(lastStateOf(readerSeen, comment.id)).toBe('deleted');
		expect(JSON.stringify(readerSeen)).not.toContain('casino');
	});
});
