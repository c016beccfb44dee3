import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PublicComment, ReactionState, ThreadSync } from '../../../server/contract/types.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket, waitForEvent } from '../../helpers/socket-client.ts';

let server: FilServer;
let a: TestSocket;
let b: TestSocket;
let keyCounter = 0;

function post(socket: TestSocket, fields: Record<string, unknown>) {
	keyCounter += 1;
	return emitAck<{ comment: PublicComment }>(socket, 'comment:post', {
		slug: SLUG,
		name: 'Alice',
		email: 'alice.secret@example.org',
		website: '',
		idempotencyKey: `live-key-${keyCounter}-${Date.now()}`,
		...fields
	});
}

async function postOk(socket: TestSocket, fields: Record<string, unknown>): Promise<PublicComment> {
	const ack = await post(socket, fields);
	if (!ack.ok) throw new Error(JSON.stringify(ack.error));
	return ack.data.comment;
}

forEachDatabase('the live thread', (database) => {
	beforeAll(async () => {
		server = await startFilServer({ env: database.env() });
		a = await connectAs(server.url, await readerCookie(server.url));
		b = await connectAs(server.url, await readerCookie(server.url));
		for (const s of [a, b]) {
			const ack = await emitAck<ThreadSync>(s, 'thread:join', { slug: SLUG, since: null });
			expect(ack.ok).toBe(true);
		}
	});

	afterAll(async () => {
		a?.disconnect();
		b?.disconnect();
		await server?.stop();
	});

	it('shows a comment posted by A to B, without the address', async () => {
		const received = waitForEvent(b, 'comment:created', (e) => e.comment.body === 'Premier !');
		const comment = await postOk(a, { body: 'Premier !' });
		const event = await received;
		expect(event.comment.id).toBe(comment.id);
		expect(event.comment.author.name).toBe('Alice');
		expect(event.comment.depth).toBe(1);
		expect(event.eventId).toBeGreaterThan(0);
		expect(JSON.stringify(event)).not.toContain('alice.secret');
	});

	it('nests replies to depth 5, then places deeper replies at depth 5 "en réponse à"', async () => {
		let parent = await postOk(a, { body: 'Racine du fil', name: 'Niveau 1' });
		for (let depth = 2; depth <= 5; depth++) {
			const reply = await postOk(depth % 2 ? a : b, {
				body: `Réponse niveau ${depth}`,
				name: `Niveau ${depth}`,
				parentId: parent.id
			});
			expect(reply.depth).toBe(depth);
			expect(reply.parentId).toBe(parent.id);
			expect(reply.replyTo).toBeNull();
			parent = reply;
		}
		const seen = waitForEvent(a, 'comment:created', (e) => e.comment.body === 'Trop profond');
		const deep = await postOk(b, { body: 'Trop profond', name: 'Bob', parentId: parent.id });
		expect(deep.depth).toBe(5);
		expect(deep.parentId).toBe(parent.parentId);
		expect(deep.replyTo).toEqual({ id: parent.id, name: 'Niveau 5' });
		expect((await seen).comment.replyTo?.name).toBe('Niveau 5');
	});

	it('counts reactions, one toggle per identity and emoji, live for everyone', async () => {
		const comment = await postOk(a, { body: 'Réagissez ici' });
		const seenByA = waitForEvent(a, 'reaction:updated', (e) => e.commentId === comment.id);
		const on = await emitAck<ReactionState>(b, 'reaction:toggle', {
			commentId: comment.id,
			emoji: '👍'
		});
		expect(on).toEqual({
			ok: true,
			data: { commentId: comment.id, reactions: { '👍': 1 }, mine: ['👍'] }
		});
		expect((await seenByA).reactions).toEqual({ '👍': 1 });

		await emitAck(a, 'reaction:toggle', { commentId: comment.id, emoji: '👍' });
		const heart = await emitAck<ReactionState>(a, 'reaction:toggle', {
			commentId: comment.id,
			emoji: '❤️'
		});
		expect(heart.ok && heart.data.reactions).toEqual({ '👍': 2, '❤️': 1 });

		const seenOff = waitForEvent(
			a,
			'reaction:updated',
			(e) => e.commentId === comment.id && e.reactions['👍'] === 1
		);
		const off = await emitAck<ReactionState>(b, 'reaction:toggle', {
			commentId: comment.id,
			emoji: '👍'
		});
		expect(off.ok && off.data.mine).toEqual([]);
		await seenOff;
	});

	it('lets the writer edit and delete their comment, live, and no one else', async () => {
		const comment = await postOk(a, { body: 'Première version' });
		const forbidden = await emitAck(b, 'comment:edit', { commentId: comment.id, body: 'Piraté' });
		expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

		const updated = waitForEvent(b, 'comment:updated', (e) => e.comment.id === comment.id);
		const edit = await emitAck<{ comment: PublicComment }>(a, 'comment:edit', {
			commentId: comment.id,
			body: 'Deuxième version'
		});
		expect(edit.ok && edit.data.comment.editedAt).toBeTruthy();
		const event = await updated;
		expect(event.comment.body).toBe('Deuxième version');
		expect(event.comment.editedAt).not.toBeNull();

		const refusedDelete = await emitAck(b, 'comment:delete', { commentId: comment.id });
		expect(refusedDelete).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
		const deleted = waitForEvent(b, 'comment:deleted', (e) => e.commentId === comment.id);
		const del = await emitAck(a, 'comment:delete', { commentId: comment.id });
		expect(del).toEqual({ ok: true, data: { commentId: comment.id } });
		await deleted;
		const again = await emitAck(a, 'comment:edit', { commentId: comment.id, body: 'Trop tard' });
		expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
	});

	it('stores a post retried with the same idempotency key once', async () => {
		const payload = {
			slug: SLUG,
			body: 'Envoyé deux fois',
			name: 'Alice',
			email: 'alice.secret@example.org',
			idempotencyKey: `retry-${Date.now()}`
		};
		const created: number[] = [];
		const onCreated = (e: { comment: PublicComment }) => {
			if (e.comment.body === 'Envoyé deux fois') created.push(e.comment.id);
		};
		b.on('comment:created', onCreated);
		const [first, second] = await Promise.all([
			emitAck<{ comment: PublicComment }>(a, 'comment:post', payload),
			emitAck<{ comment: PublicComment }>(a, 'comment:post', payload)
		]);
		const third = await emitAck<{ comment: PublicComment }>(a, 'comment:post', payload);
		expect(first.ok && second.ok && third.ok).toBe(true);
		const ids = [first, second, third].map((x) => (x.ok ? x.data.comment.id : 0));
		expect(new Set(ids).size).toBe(1);
		const page = await fetch(`${server.url}/articles/${SLUG}?n=2000`).then((r) => r.text());
		expect(page.split('Envoyé deux fois').length - 1).toBeGreaterThanOrEqual(1);
		await waitForEvent(b, 'presence:updated', () => true, 1500).catch(() => undefined);
		b.off('comment:created', onCreated);
		expect(created).toEqual([ids[0]]);
	});
});
