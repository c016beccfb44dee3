import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PublicComment, ThreadPage, ThreadSync } from '../../../server/contract/types.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { getPage, readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

let server: FilServer;
const sockets: TestSocket[] = [];

async function reader(cookie?: string): Promise<TestSocket> {
	const socket = await connectAs(server.url, cookie ?? (await readerCookie(server.url)));
	sockets.push(socket);
	return socket;
}

async function say(socket: TestSocket, name: string, body: string, parent?: PublicComment) {
	const extra = { name, ...(parent ? { parentId: parent.id } : {}) };
	const comment = expectOk(await postComment(socket, body, extra)).comment;
	expect(comment.status).toBe('published');
	return comment;
}

forEachDatabase('replies to a comment a moderator removed', (database) => {
	printLogsOnFailure(() => [server]);
	let author: TestSocket;
	let before: number;
	beforeAll(async () => {
		server = await startServerWithAuthor(database.env());
		author = await reader(await signIn(server.url));
		before = expectOk(await emitAck<ThreadSync>(author, 'thread:join', { slug: SLUG })).cursor;
	});
	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		sockets.length = 0;
		await server?.stop();
	});

	it('stay on the page, under a bare placeholder, after a ban that rejects everything', async () => {
		const bob = await reader();
		const eve = await reader();
		const frank = await reader();
		const root = await say(bob, 'Bob', 'Une question de Bob');
		const bad = await say(eve, 'Ève Intruse', 'Le texte d’Ève, à rejeter', root);
		const answer = await say(bob, 'Bob', 'La réponse innocente de Bob', bad);
		const lonely = await say(eve, 'Ève Intruse', 'Un autre texte d’Ève, sans réponse');
		const spam = await say(frank, 'Frank', 'Achetez mes pilules', root);
		const underSpam = await say(bob, 'Bob', 'Bob répond au spam', spam);
		// At the deepest level a reply becomes its parent's sibling, "en réponse à" its writer.
		const fourth = await say(bob, 'Bob', 'Bob au quatrième niveau', answer);
		const deepest = await say(eve, 'Ève Intruse', 'Elle au cinquième niveau', fourth);
		const sibling = await say(bob, 'Bob', 'Bob répond tout au fond', deepest);
		expect(sibling.replyTo).toEqual({ id: deepest.id, name: 'Ève Intruse' });

		const banned = await emitAck<{ rejected: number }>(author, 'moderation:ban', {
			commentId: bad.id,
			includeIp: false,
			rejectAll: true
		});
		expect(expectOk(banned).rejected).toBe(3);
		expectOk(await emitAck(author, 'moderation:act', { commentId: spam.id, action: 'spam' }));

		const html = await (await getPage(server.url, `/articles/${SLUG}`)).text();
		// Rendered in the tree (not only in the page's data): the placeholders and their replies.
		for (const c of [bad, answer, spam, underSpam]) expect(html).toContain(`id="comment-${c.id}"`);
		expect(html).not.toContain(`id="comment-${lonely.id}"`);
		expect(html).toContain('La réponse innocente de Bob');
		expect(html).toContain('Commentaire supprimé');
		for (const gone of [
			'Le texte d’Ève',
			'Ève Intruse',
			'Un autre texte d’Ève',
			'pilules',
			'Frank'
		]) {
			expect(html, gone).not.toContain(gone);
		}

		const anonymous = await connectAs(server.url);
		sockets.push(anonymous);
		const page = expectOk(
			await emitAck<ThreadPage>(anonymous, 'thread:page', { slug: SLUG, sort: 'oldest', offset: 0 })
		);
		const byId = new Map(page.comments.map((c) => [c.id, c]));
		for (const id of [bad.id, spam.id]) {
			expect(byId.get(id)).toMatchObject({
				status: 'deleted',
				body: '',
				author: { id: '', name: '', website: null },
				reactions: {}
			});
		}
		expect(byId.get(answer.id)?.parentId).toBe(bad.id);
		expect(byId.get(underSpam.id)?.parentId).toBe(spam.id);
		// Nothing answers them: nothing of them is sent at all, not even the name.
		expect(byId.has(lonely.id)).toBe(false);
		expect(byId.has(deepest.id)).toBe(false);
		expect(byId.get(sibling.id)?.replyTo).toBeNull();

		// A reader who was away catches up to the same tree.
		const sync = expectOk(
			await emitAck<ThreadSync>(anonymous, 'thread:join', { slug: SLUG, since: before })
		);
		const created = new Map(
			sync.events.flatMap((e) => (e.type === 'comment:created' ? [[e.comment.id, e.comment]] : []))
		);
		expect(created.get(bad.id)?.status).toBe('deleted');
		expect(created.get(answer.id)?.status).toBe('published');
		expect(created.get(underSpam.id)?.status).toBe('published');
		expect(created.has(lonely.id)).toBe(false);
		const json = JSON.stringify(sync);
		for (const gone of ['Ève', 'pilules', 'Frank']) expect(json, gone).not.toContain(gone);
	});

	it('is answered as removed, not published, to a post sent again with the same key', async () => {
		const writer = await reader();
		const key = `removed-then-resent-${database.kind}`;
		const sent = expectOk(
			await postComment(writer, 'Un texte bientôt rejeté', { idempotencyKey: key })
		);
		expectOk(
			await emitAck(author, 'moderation:act', { commentId: sent.comment.id, action: 'reject' })
		);
		const again = expectOk(
			await postComment(writer, 'Un texte bientôt rejeté', { idempotencyKey: key })
		);
		expect(again.comment.id).toBe(sent.comment.id);
		expect(again.comment).toMatchObject({ status: 'deleted', body: '', author: { name: '' } });
	});
});
