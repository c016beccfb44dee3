import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment, ThreadSync } from '../../../server/contract/types.ts';
import { writeArticles } from '../../helpers/content.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { saveSiteSettings, signIn, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import {
	connectAs,
	emitAck,
	recordEvents,
	type TestSocket,
	waitForEvent
} from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

const A = 'a-un';
const B = 'b-deux';
const HELD = 'Un avis retenu sur le premier article';

let server: FilServer;
const sockets: TestSocket[] = [];

async function tab(cookie: string, ...slugs: string[]): Promise<TestSocket> {
	const socket = await connectAs(server.url, cookie);
	sockets.push(socket);
	for (const slug of slugs) {
		expectOk(await emitAck<ThreadSync>(socket, 'thread:join', { slug, since: null }));
	}
	return socket;
}

describe('held comments stay on their article', () => {
	printLogsOnFailure(() => [server]);
	beforeAll(async () => {
		server = await startServerWithAuthor({
			CONTENT_DIR: writeArticles([
				[A, 'Premier article'],
				[B, 'Second article']
			])
		});
	});
	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await server?.stop();
	});

	it('reach the writer’s tabs on that article only, not its tabs on another one', async () => {
		const authorCookie = await signIn(server.url);
		await saveSiteSettings(server.url, authorCookie, { preModeration: 'all' });
		const writerCookie = await readerCookie(server.url);
		const onA = await tab(writerCookie, A);
		const alsoOnA = await tab(writerCookie, A);
		// A tab that showed A, then moved to B: it left A's rooms.
		const onB = await tab(writerCookie, A, B);
		const seenOnB = recordEvents(onB);

		const other = waitForEvent(alsoOnA, 'comment:created', (e) => e.comment.body === HELD);
		const held = expectOk(await postComment(onA, HELD, { slug: A })).comment;
		expect(held.status).toBe('held');
		expect((await other).comment.status).toBe('held');
		const gone = waitForEvent(alsoOnA, 'comment:deleted', (e) => e.commentId === held.id);
		expectOk(await emitAck(onA, 'comment:delete', { commentId: held.id }));
		await gone;

		// The author's published comment on B: once the B tab has it, it has all sent before.
		const author = await tab(authorCookie, B);
		const mark = 'Repère sur le second article';
		const marked = waitForEvent(onB, 'comment:created', (e) => e.comment.body === mark);
		const posted = await emitAck<{ comment: PublicComment }>(author, 'comment:post', {
			slug: B,
			body: mark,
			idempotencyKey: 'two-articles-mark'
		});
		expect(expectOk(posted).comment.status).toBe('published');
		await marked;
		const json = JSON.stringify(seenOnB);
		expect(json).not.toContain(HELD);
		expect(json).not.toContain(`"articleSlug":"${A}"`);
		expect(seenOnB.some((e) => JSON.stringify(e.payload).includes(`"commentId":${held.id}`))).toBe(
			false
		);
	});
});
