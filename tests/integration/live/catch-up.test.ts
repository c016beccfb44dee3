import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment, ThreadEvent, ThreadSync } from '../../../server/contract/types.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket, waitForEvent } from '../../helpers/socket-client.ts';

let server: FilServer;
let writerCookie: string;
let n = 0;

async function post(
	socket: TestSocket,
	body: string,
	parentId: number | null = null
): Promise<PublicComment> {
	n += 1;
	const ack = await emitAck<{ comment: PublicComment }>(socket, 'comment:post', {
		slug: SLUG,
		body,
		parentId,
		name: 'Écrivaine',
		email: 'ecrivaine@example.org',
		idempotencyKey: `catch-up-${n}-${Date.now()}`
	});
	if (!ack.ok) throw new Error(JSON.stringify(ack.error));
	return ack.data.comment;
}

async function join(socket: TestSocket, since: number | null): Promise<ThreadSync> {
	const ack = await emitAck<ThreadSync>(socket, 'thread:join', { slug: SLUG, since });
	if (!ack.ok) throw new Error(JSON.stringify(ack.error));
	return ack.data;
}

function summary(events: ThreadEvent[]): string[] {
	return events.map((e) => {
		if (e.type === 'comment:created' || e.type === 'comment:updated')
			return `${e.type} ${e.comment.id} ${e.comment.body}`;
		if (e.type === 'comment:deleted') return `${e.type} ${e.commentId}`;
		if (e.type === 'reaction:updated')
			return `${e.type} ${e.commentId} ${JSON.stringify(e.reactions)}`;
		return `${e.type} ${e.closed}`;
	});
}

beforeAll(async () => {
	server = await startFilServer();
	writerCookie = await readerCookie(server.url);
});

afterAll(async () => {
	await server?.stop();
});

describe('catch-up through the event cursor', () => {
	it('returns exactly what a disconnected reader missed, in order', async () => {
		const writer = await connectAs(server.url, writerCookie);
		await join(writer, null);
		const kept = await post(writer, 'Vu avant la coupure');
		const reader = await connectAs(server.url);
		const first = await join(reader, null);
		expect(first.events).toEqual([]);
		const cursor = first.cursor;
		reader.disconnect();

		const fresh = await post(writer, 'Publié pendant la coupure');
		const reply = await post(writer, 'Réponse pendant la coupure', kept.id);
		await emitAck(writer, 'comment:edit', {
			commentId: kept.id,
			body: 'Vu avant, modifié pendant'
		});
		await emitAck(writer, 'reaction:toggle', { commentId: fresh.id, emoji: '🤔' });
		await emitAck(writer, 'comment:delete', { commentId: reply.id });

		const back = await connectAs(server.url);
		const sync = await join(back, cursor);
		expect(sync.reset).toBe(false);
		expect(summary(sync.events)).toEqual([
			`comment:created ${fresh.id} Publié pendant la coupure`,
			`comment:created ${reply.id} `,
			`comment:updated ${kept.id} Vu avant, modifié pendant`,
			`reaction:updated ${fresh.id} {"🤔":1}`,
			`comment:deleted ${reply.id}`
		]);
		expect(sync.cursor).toBe(cursor + 5);
		const again = await join(back, sync.cursor);
		expect(again.events).toEqual([]);
		expect(JSON.stringify(sync)).not.toContain('ecrivaine@');
		back.disconnect();
		writer.disconnect();
	});

	it('still returns what was missed after the server restarted', async () => {
		const writer = await connectAs(server.url, writerCookie);
		await join(writer, null);
		const reader = await connectAs(server.url);
		const { cursor } = await join(reader, null);
		const live = waitForEvent(
			reader,
			'comment:created',
			(e) => e.comment.body === 'Avant le redémarrage'
		);
		const before = await post(writer, 'Avant le redémarrage');
		expect((await live).eventId).toBe(cursor + 1);
		reader.disconnect();
		const missed = await post(writer, 'Manqué juste avant le redémarrage');
		writer.disconnect();

		expect(await server.stop()).toBe(0);
		server = await startFilServer({ dataDir: server.dataDir, port: server.port });

		const writer2 = await connectAs(server.url, writerCookie);
		await join(writer2, null);
		const after = await post(writer2, 'Après le redémarrage');
		const back = await connectAs(server.url);
		const sync = await join(back, cursor + 1);
		expect(summary(sync.events)).toEqual([
			`comment:created ${missed.id} Manqué juste avant le redémarrage`,
			`comment:created ${after.id} Après le redémarrage`
		]);
		expect(
			sync.events.some((e) => e.type === 'comment:created' && e.comment.id === before.id)
		).toBe(false);
		back.disconnect();
		writer2.disconnect();
	});
});
