import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment, ReactionState, ThreadSync } from '../../../server/contract/types.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket, waitForEvent } from '../../helpers/socket-client.ts';

let server: FilServer;
let sockets: TestSocket[] = [];

beforeAll(async () => {
	server = await startFilServer();
	for (let i = 0; i < 4; i++) {
		const socket = await connectAs(server.url, await readerCookie(server.url));
		const ack = await emitAck<ThreadSync>(socket, 'thread:join', { slug: SLUG, since: null });
		expect(ack.ok).toBe(true);
		sockets.push(socket);
	}
});

afterAll(async () => {
	for (const s of sockets) s.disconnect();
	sockets = [];
	await server?.stop();
});

describe('a burst of reactions', () => {
	it('ends with every reader shown the counts the database holds, no event id unaccounted for', async () => {
		const [writer, ...togglers] = sockets;
		const created = waitForEvent(
			writer,
			'comment:created',
			(e) => e.comment.body === 'Un commentaire très discuté'
		);
		const posted = await emitAck<{ comment: PublicComment }>(writer, 'comment:post', {
			slug: SLUG,
			body: 'Un commentaire très discuté',
			name: 'Alice',
			email: 'alice@example.org',
			idempotencyKey: `burst-${Date.now()}`
		});
		if (!posted.ok) throw new Error(JSON.stringify(posted.error));
		const commentId = posted.data.comment.id;
		const firstId = (await created).eventId;

		const seen = sockets.map(() => [] as { eventId: number; likes: number; covers: number[] }[]);
		sockets.forEach((s, i) =>
			s.on('reaction:updated', (e) => {
				if (e.commentId === commentId)
					seen[i].push({
						eventId: e.eventId,
						likes: e.reactions['👍'] ?? 0,
						covers: [e.eventId, ...(e.supersedes ?? [])]
					});
			})
		);

		// Three readers toggle 👍 seven times each, all at once: each ends with it on.
		const acks = await Promise.all(
			togglers.map(async (s) => {
				const states: ReactionState[] = [];
				for (let i = 0; i < 7; i++) {
					const ack = await emitAck<ReactionState>(s, 'reaction:toggle', {
						commentId,
						emoji: '👍'
					});
					if (!ack.ok) throw new Error(JSON.stringify(ack.error));
					states.push(ack.data);
				}
				return states.at(-1)!;
			})
		);
		for (const last of acks) expect(last.mine).toEqual(['👍']);

		// Any later event of the article leaves after the pending counts: once every reader has
		// it, each must already hold the final counts, whatever was coalesced on the way.
		const marker = sockets.map((s) =>
			waitForEvent(s, 'comment:created', (e) => e.comment.body === 'Fin de la rafale')
		);
		const closing = await emitAck(writer, 'comment:post', {
			slug: SLUG,
			body: 'Fin de la rafale',
			name: 'Alice',
			email: 'alice@example.org',
			idempotencyKey: `burst-end-${Date.now()}`
		});
		expect(closing.ok).toBe(true);
		const lastId = (await Promise.all(marker))[0].eventId;
		// The 21 toggles took the ids between the two comments: one per comment per commit, and
		// toggles answered one after the other never share a commit, so 7 to 21 of them. Each
		// reader received every one, or a coalesced update naming it, so a cursor kept unbroken
		// never stalls.
		const toggleIds = Array.from({ length: lastId - firstId - 1 }, (_, i) => firstId + 1 + i);
		expect(toggleIds.length).toBeGreaterThanOrEqual(7);
		expect(toggleIds.length).toBeLessThanOrEqual(21);
		for (const events of seen) {
			expect(events.at(-1)?.likes).toBe(3);
			const ids = events.map((e) => e.eventId);
			expect(ids).toEqual([...ids].sort((x, y) => x - y));
			expect(events.flatMap((e) => e.covers).sort((x, y) => x - y)).toEqual(toggleIds);
		}
		const page = await emitAck<{ comments: PublicComment[] }>(writer, 'thread:page', {
			slug: SLUG,
			offset: 0
		});
		const stored = page.ok && page.data.comments.find((c) => c.id === commentId);
		expect(stored && stored.reactions).toEqual({ '👍': 3 });
	});
});
