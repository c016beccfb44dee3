import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { createPgSchema, type PgSchema } from '../../helpers/pg-schema.ts';
import {
	deleteRedisKeys,
	SHARED_REDIS_URL,
	uniqueRedisPrefix
} from '../../helpers/redis-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { connectReader, postComment, toggleReaction } from '../../helpers/thread-actions.ts';
import { ThreadFollower } from '../../helpers/thread-follower.ts';

// Two instances, one Redis (the machine's, under a key prefix of this run), one PostgreSQL
// schema: they must behave as one.
let pg: PgSchema;
let a: FilServer;
let b: FilServer;
const prefix = uniqueRedisPrefix();
const sockets: TestSocket[] = [];

async function reader(server: FilServer, clientIp: string) {
	const r = await connectReader(server.url, clientIp);
	sockets.push(r.socket);
	return r;
}

beforeAll(async () => {
	pg = await createPgSchema();
	const env = {
		...pg.env,
		REDIS_URL: SHARED_REDIS_URL,
		REDIS_KEY_PREFIX: prefix,
		IP_HASH_SECRET: 'scale-test-ip-hash-secret-0123456789abcdef',
		TOKEN_SECRET: 'scale-test-token-secret-0123456789abcdefgh',
		TRUST_PROXY_HOPS: '1',
		LIMIT_COMMENT_IDENTITY_SECONDS: '15',
		LIMIT_COMMENT_IP_PER_MINUTE: '5',
		LIMIT_COMMENT_IP_BURST: '2'
	};
	a = await startFilServer({ env: { ...env, INSTANCE_ID: 'a' } });
	b = await startFilServer({ env: { ...env, INSTANCE_ID: 'b' } });
});

afterAll(async () => {
	for (const s of sockets) s.disconnect();
	expect(await a?.stop()).toBe(0);
	expect(await b?.stop()).toBe(0);
	await pg?.drop();
	await deleteRedisKeys(SHARED_REDIS_URL, prefix);
});

describe('two instances behind one Redis and one PostgreSQL', () => {
	it('shows a reader on A the post, reaction and deletion made on B', async () => {
		const onA = await ThreadFollower.join((await reader(a, '198.51.100.1')).socket, SLUG);
		const { socket: writer } = await reader(b, '198.51.100.2');
		await ThreadFollower.join(writer, SLUG);

		const posted = await postComment(writer, 'Posté sur B, lu sur A');
		if (!posted.ok) throw new Error(posted.error.code);
		const id = posted.data.comment.id;
		await onA.waitFor('comment from B on A', () => onA.comments.has(id));
		expect(onA.comments.get(id)?.body).toBe('Posté sur B, lu sur A');

		const reacted = await toggleReaction(writer, id, '❤️');
		expect(reacted.ok).toBe(true);
		await onA.waitFor('reaction from B on A', () => onA.reactions.get(id)?.['❤️'] === 1);

		const deleted = await emitAck(writer, 'comment:delete', { commentId: id });
		expect(deleted.ok).toBe(true);
		await onA.waitFor('deletion from B on A', () => onA.deleted.has(id));
	});

	it('adds up readers on both instances', async () => {
		const followers: ThreadFollower[] = [];
		for (const [server, ip] of [
			[a, '198.51.100.10'],
			[a, '198.51.100.11'],
			[b, '198.51.100.12']
		] as const) {
			followers.push(await ThreadFollower.join((await reader(server, ip)).socket, SLUG));
		}
		// Every socket of this file that joined the article counts, whichever instance holds it.
		const total = 2 + followers.length;
		for (const f of followers) {
			await f.waitFor(`presence ${total}`, () => f.presence === total);
		}
		const late = await ThreadFollower.join((await reader(b, '198.51.100.13')).socket, SLUG);
		expect(late.presence).toBe(total + 1);
		await followers[0].waitFor(
			`presence ${total + 1} on A`,
			() => followers[0].presence === total + 1
		);
	});

	it('holds one identity to one comment per 15 s whichever instance it posts through', async () => {
		const { socket: onA, cookie } = await reader(a, '198.51.100.20');
		const first = await postComment(onA, 'Un premier avis');
		expect(first.ok).toBe(true);
		const onB = await connectAs(b.url, cookie, '198.51.100.21');
		sockets.push(onB);
		const second = await postComment(onB, 'Et tout de suite un second');
		expect(second.ok).toBe(false);
		if (second.ok) return;
		expect(second.error.code).toBe('RATE_LIMITED');
		expect(second.error.retryAfterMs).toBeGreaterThan(0);
		expect(second.error.retryAfterMs).toBeLessThanOrEqual(15_000);
		expect(second.error.message).toMatch(/^Trop de messages — réessayez dans \d+ s$/);
	});

	it('stops posts from one address at the same total, spread over A and B', async () => {
		// 5 a minute plus a burst of 2: the 8th post is refused, whichever instance takes it.
		const results: boolean[] = [];
		for (let i = 0; i < 9; i++) {
			const { socket } = await reader(i % 2 === 0 ? a : b, '203.0.113.77');
			const ack = await postComment(socket, `Avis numéro ${i + 1}`);
			if (!ack.ok) {
				expect(ack.error.code).toBe('RATE_LIMITED');
				expect(ack.error.retryAfterMs).toBeGreaterThan(0);
			}
			results.push(ack.ok);
		}
		expect(results).toEqual([true, true, true, true, true, true, true, false, false]);
	});
});
