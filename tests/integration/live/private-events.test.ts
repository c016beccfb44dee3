import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ThreadEvent, ThreadSync } from '../../../server/contract/types.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { saveSiteSettings, signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import {
	connectAs,
	emitAck,
	recordEvents,
	type TestSocket,
	waitForEvent
} from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

/** A server that holds comments saying "casino", the author's socket and `count` readers'. */
async function startHoldingCasino(
	env: Record<string, string>,
	count: number
): Promise<{ server: FilServer; author: TestSocket; readers: TestSocket[] }> {
	const server = await startServerWithAuthor(env);
	const authorCookie = await signIn(server.url);
	await saveSiteSettings(server.url, authorCookie, { suspectWords: 'casino' });
	const author = await connectAs(server.url, authorCookie);
	const readers: TestSocket[] = [];
	for (let i = 0; i < count; i++) {
		readers.push(await connectAs(server.url, await readerCookie(server.url)));
	}
	return { server, author, readers };
}

async function joinArticle(sockets: TestSocket[]): Promise<void> {
	for (const s of sockets) expectOk(await emitAck(s, 'thread:join', { slug: SLUG, since: null }));
}

// An event about a held comment carries the id of the public event it follows, not one of its
// own: it says so (`private: true`), live and in catch-up, so a client keeps its cursor.
forEachDatabase('private events on the wire', (database) => {
	let server: FilServer;
	let author: TestSocket;
	let writer: TestSocket;
	let writerSeen: { name: string; payload: unknown }[];
	let authorSeen: { name: string; payload: unknown }[];
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		let readers: TestSocket[];
		({ server, author, readers } = await startHoldingCasino(database.env(), 1));
		writer = readers[0]!;
		writerSeen = recordEvents(writer);
		authorSeen = recordEvents(author);
		expectOk(await emitAck(author, 'moderation:join', {}));
		await joinArticle([author, writer]);
	});

	afterAll(async () => {
		author?.disconnect();
		writer?.disconnect();
		await server?.stop();
	});

	it('marks held-comment events private, live and in catch-up; public ones not', async () => {
		const start = expectOk(
			await emitAck<ThreadSync>(writer, 'thread:join', { slug: SLUG, since: null })
		).cursor;
		const publicOne = expectOk(await postComment(writer, 'Un avis publié')).comment;
		const heldOne = expectOk(await postComment(writer, 'Venez au casino ce soir')).comment;
		expect(heldOne.status).toBe('held');
		const edited = waitForEvent(writer, 'comment:updated', (e) => e.comment.id === heldOne.id);
		expectOk(
			await emitAck(writer, 'comment:edit', {
				commentId: heldOne.id,
				body: 'Venez au casino demain'
			})
		);
		expect((await edited).private).toBe(true);
		const deleted = waitForEvent(writer, 'comment:deleted', (e) => e.commentId === heldOne.id);
		expectOk(await emitAck(writer, 'comment:delete', { commentId: heldOne.id }));
		expect((await deleted).private).toBe(true);
		const live = (seen: { name: string; payload: unknown }[], id: number) =>
			seen
				.filter((e) => e.name.startsWith('comment:'))
				.map((e) => e.payload as Record<string, unknown>)
				.filter((p) => p.commentId === id || (p.comment as { id?: number })?.id === id);
		// The author's copies travel apart from the writer's: wait until all three are in.
		for (let i = 0; i < 100 && live(authorSeen, heldOne.id).length < 3; i++) {
			await new Promise((r) => setTimeout(r, 50));
		}
		for (const seen of [writerSeen, authorSeen]) {
			const held = live(seen, heldOne.id);
			expect(held).toHaveLength(3);
			for (const p of held) expect(p.private).toBe(true);
		}
		const published = live(writerSeen, publicOne.id);
		expect(published).toHaveLength(1);
		expect('private' in published[0]).toBe(false);

		const sync = expectOk(
			await emitAck<ThreadSync>(writer, 'thread:join', { slug: SLUG, since: start })
		);
		const about = (e: ThreadEvent, id: number) =>
			('comment' in e && e.comment.id === id) || ('commentId' in e && e.commentId === id);
		const heldEvents = sync.events.filter((e) => about(e, heldOne.id));
		expect(heldEvents.length).toBeGreaterThan(0);
		for (const e of heldEvents) expect(e).toMatchObject({ private: true });
		const publicEvents = sync.events.filter((e) => about(e, publicOne.id));
		expect(publicEvents).toHaveLength(1);
		expect('private' in publicEvents[0]).toBe(false);
		// The cursor the server gives back is the last public event, never a private one's.
		expect(sync.cursor).toBe(publicEvents[0].eventId);
	});
});

// The author's article page renders every held comment; it must receive new ones live too,
// without opening the moderation dashboard. Other readers must not.
forEachDatabase('held comments on the author’s article page', (database) => {
	let server: FilServer;
	let author: TestSocket;
	let writer: TestSocket;
	let bystander: TestSocket;
	let authorSeen: { name: string; payload: unknown }[];
	let bystanderSeen: { name: string; payload: unknown }[];
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		let readers: TestSocket[];
		({ server, author, readers } = await startHoldingCasino(database.env(), 2));
		[writer, bystander] = readers as [TestSocket, TestSocket];
		authorSeen = recordEvents(author);
		bystanderSeen = recordEvents(bystander);
		await joinArticle([author, writer, bystander]);
	});

	afterAll(async () => {
		for (const s of [author, writer, bystander]) s?.disconnect();
		await server?.stop();
	});

	it('reaches the author’s page socket, not another reader’s', async () => {
		const arrived = waitForEvent(author, 'comment:created', (e) =>
			e.comment.body.includes('casino')
		);
		const held = expectOk(await postComment(writer, 'Le casino paie mieux que l’IA')).comment;
		expect(held.status).toBe('held');
		const seen = await arrived;
		expect(seen.private).toBe(true);
		expect(seen.comment).toMatchObject({ id: held.id, status: 'held' });
		// A public comment posted after it reaches everyone; by then the held one would have too.
		const marker = waitForEvent(bystander, 'comment:created', (e) => e.comment.body === 'Témoin');
		expectOk(await postComment(writer, 'Témoin'));
		await marker;
		const about = (seen: { name: string; payload: unknown }[]) =>
			seen.filter((e) => {
				const p = e.payload as { commentId?: number; comment?: { id?: number } };
				return p.commentId === held.id || p.comment?.id === held.id;
			});
		expect(about(bystanderSeen)).toEqual([]);
		expect(about(authorSeen).map((e) => e.name)).toEqual(['comment:created']);
	});
});
