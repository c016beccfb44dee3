import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PublicComment, ThreadPage, ThreadSync } from '../../../server/contract/types.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { connectReader, postComment, toggleReaction } from '../../helpers/thread-actions.ts';

// The same queries and migrations on SQLite and PostgreSQL: the places where dialects differ
// (RETURNING, counts, 0/1 booleans, ordering, unique violations) all go through here.
forEachDatabase('thread queries', (database) => {
	let server: FilServer;
	let alice: TestSocket;
	let bob: TestSocket;
	const ids: Record<string, number> = {};
	printLogsOnFailure(() => [server]);

	async function post(socket: TestSocket, key: string, body: string, parentId?: number) {
		const ack = await postComment(socket, body, { parentId });
		if (!ack.ok) throw new Error(`${key}: ${ack.error.code}`);
		ids[key] = ack.data.comment.id;
		return ack.data.comment;
	}

	beforeAll(async () => {
		server = await startFilServer({ env: database.env() });
		alice = (await connectReader(server.url)).socket;
		bob = (await connectReader(server.url)).socket;
	});

	afterAll(async () => {
		alice?.disconnect();
		bob?.disconnect();
		expect(await server?.stop()).toBe(0);
	});

	it('writes comments and replies down to the deepest level', async () => {
		const root = await post(alice, 'root', 'Racine');
		expect(root).toMatchObject({ depth: 1, parentId: null, pinned: false, status: 'published' });
		expect(root.author.isAuthor).toBe(false);
		let parent = root;
		for (let depth = 2; depth <= 5; depth++) {
			parent = await post(bob, `d${depth}`, `Niveau ${depth}`, parent.id);
			expect(parent.depth).toBe(depth);
		}
		// Below the deepest level a reply becomes a sibling that says whom it answers.
		const deeper = await post(alice, 'd6', 'Trop profond', parent.id);
		expect(deeper.depth).toBe(5);
		expect(deeper.replyTo).toEqual({ id: parent.id, name: 'Lectrice' });
	});

	it('answers a repeated post with the same comment (idempotency key)', async () => {
		const payload = {
			slug: SLUG,
			parentId: null,
			body: 'Une seule fois',
			name: 'Alice',
			email: 'alice.privee@example.org',
			website: '',
			idempotencyKey: randomUUID()
		};
		const [one, two] = await Promise.all([
			emitAck<{ comment: PublicComment }>(alice, 'comment:post', payload),
			emitAck<{ comment: PublicComment }>(alice, 'comment:post', payload)
		]);
		if (!one.ok || !two.ok) throw new Error('a repeated post failed');
		expect(two.data.comment.id).toBe(one.data.comment.id);
		ids.once = one.data.comment.id;
	});

	it('toggles reactions and counts them as numbers', async () => {
		expect((await toggleReaction(alice, ids.root, '👍')).ok).toBe(true);
		const both = await toggleReaction(bob, ids.root, '👍');
		expect(both.ok && both.data.reactions).toEqual({ '👍': 2 });
		const off = await toggleReaction(bob, ids.root, '👍');
		expect(off.ok && off.data).toMatchObject({ reactions: { '👍': 1 }, mine: [] });
		await toggleReaction(bob, ids.once, '❤️');
		await toggleReaction(alice, ids.once, '😂');
	});

	it('edits and deletes within the window', async () => {
		const edited = await emitAck<{ comment: PublicComment }>(bob, 'comment:edit', {
			commentId: ids.d2,
			body: 'Niveau 2, corrigé'
		});
		expect(edited.ok && edited.data.comment.editedAt).toBeTruthy();
		const refused = await emitAck(alice, 'comment:edit', { commentId: ids.d2, body: 'Non' });
		expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN');
		const gone = await post(alice, 'gone', 'À effacer');
		expect((await emitAck(alice, 'comment:delete', { commentId: gone.id })).ok).toBe(true);
	});

	it('pages threads in each order', async () => {
		const page = async (sort: string) => {
			const ack = await emitAck<ThreadPage>(bob, 'thread:page', { slug: SLUG, sort, offset: 0 });
			if (!ack.ok) throw new Error(ack.error.code);
			return ack.data.comments.filter((c) => c.parentId === null).map((c) => c.id);
		};
		const oldest = await page('oldest');
		expect(oldest.slice(0, 2)).toEqual([ids.root, ids.once]);
		expect(await page('newest')).toEqual([...oldest].reverse());
		// root has 1 reaction, once has 2: most reactions first, then oldest.
		expect((await page('reactions')).slice(0, 2)).toEqual([ids.once, ids.root]);
		const all = await emitAck<ThreadPage>(bob, 'thread:page', { slug: SLUG, offset: 0 });
		if (!all.ok) throw new Error(all.error.code);
		expect(all.data.comments.find((c) => c.id === ids.d2)?.body).toBe('Niveau 2, corrigé');
		expect(all.data.comments.find((c) => c.id === ids.root)?.reactions).toEqual({ '👍': 1 });
	});

	it('replays what a client missed since its cursor, in order', async () => {
		const fresh = await emitAck<ThreadSync>(bob, 'thread:join', { slug: SLUG, since: null });
		if (!fresh.ok) throw new Error(fresh.error.code);
		const cursor = fresh.data.cursor;
		await post(alice, 'after1', 'Manqué 1');
		await toggleReaction(alice, ids.after1, '🤔');
		await post(alice, 'after2', 'Manqué 2');
		const sync = await emitAck<ThreadSync>(bob, 'thread:join', { slug: SLUG, since: cursor });
		if (!sync.ok) throw new Error(sync.error.code);
		expect(sync.data.events.map((e) => e.type)).toEqual([
			'comment:created',
			'reaction:updated',
			'comment:created'
		]);
		const eventIds = sync.data.events.map((e) => e.eventId);
		expect(eventIds).toEqual([cursor + 1, cursor + 2, cursor + 3]);
		expect(sync.data.cursor).toBe(cursor + 3);
		expect(typeof sync.data.presence).toBe('number');
	});

	it('renders the article page with the comments and their count', async () => {
		const res = await fetch(`${server.url}/articles/${SLUG}`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Niveau 2, corrigé');
		expect(html).not.toContain('alice.privee@example.org');
	});

	it('keeps its rows in its own schema', async () => {
		const pg = database.pg();
		if (!pg) return;
		const rows = await pg.query<{ n: string }>('select count(*) as n from comments');
		expect(Number(rows[0].n)).toBe(Object.keys(ids).length);
	});
});
