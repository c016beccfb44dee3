import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PublicComment, ThreadSync } from '../../server/contract/types.ts';
import { forEachDatabase } from '../helpers/for-each-database.ts';
import { startFilServer, type FilServer } from '../helpers/fil-server.ts';
import {
	connectClient,
	createSessionCookie,
	emitAck,
	waitForEvent,
	type TestSocket
} from '../helpers/socket-client.ts';

const SLUG = 'cout-de-l-ia';

forEachDatabase('the live thread', (database) => {
	let server: FilServer;
	let a: TestSocket;
	let b: TestSocket;

	beforeAll(async () => {
		server = await startFilServer({ env: database.env() });
		a = await connectClient(server.url, await createSessionCookie(server.url));
		b = await connectClient(server.url, await createSessionCookie(server.url));
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
		const ack = await emitAck<{ comment: PublicComment }>(a, 'comment:post', {
			slug: SLUG,
			body: 'Premier !',
			name: 'Alice',
			email: 'alice.secret@example.org',
			website: '',
			idempotencyKey: 'key-premier-1'
		});
		expect(ack.ok).toBe(true);
		const event = await received;
		expect(event.comment.author.name).toBe('Alice');
		expect(event.eventId).toBeGreaterThan(0);
		expect(JSON.stringify(event)).not.toContain('alice.secret');
	});
});
