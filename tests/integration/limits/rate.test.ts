import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import {
	deleteRedisKeys,
	SHARED_REDIS_URL,
	uniqueRedisPrefix
} from '../../helpers/redis-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, type TestSocket } from '../../helpers/socket-client.ts';
import { connectReader, postComment, toggleReaction } from '../../helpers/thread-actions.ts';

// Each limit, on a lone process (in-memory limiter) and with Redis. Each test speaks from its
// own client address, sent as X-Forwarded-For behind one trusted hop, so tests do not share
// counters.
const LIMITS = {
	TRUST_PROXY_HOPS: '1',
	LIMIT_COMMENT_IDENTITY_SECONDS: '15',
	LIMIT_COMMENT_IP_PER_MINUTE: '5',
	LIMIT_COMMENT_IP_BURST: '2',
	LIMIT_REACTION_IP_PER_10S: '3',
	LIMIT_CONNECTION_IP_PER_MINUTE: '10'
};
const RETRY_MESSAGE = /^Trop de messages — réessayez dans \d+ s$/;

function formPost(server: FilServer, cookie: string, ip: string, fields: Record<string, string>) {
	return fetch(`${server.url}/articles/${SLUG}?/comment`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.url,
			cookie,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			'x-forwarded-for': ip
		},
		body: new URLSearchParams(fields)
	});
}

function commentForm(body: string): Record<string, string> {
	return {
		body,
		name: 'Formulaire',
		email: 'formulaire.prive@example.org',
		website: '',
		idempotencyKey: randomUUID()
	};
}

describe.each(['alone', 'redis'] as const)('rate limits (%s)', (mode) => {
	let server: FilServer;
	const prefix = uniqueRedisPrefix();
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		const redisEnv: Record<string, string> =
			mode === 'redis'
				? {
						REDIS_URL: SHARED_REDIS_URL,
						REDIS_KEY_PREFIX: prefix,
						IP_HASH_SECRET: 'limits-test-ip-hash-secret-0123456789abcdef',
						TOKEN_SECRET: 'limits-test-token-secret-0123456789abcdefgh'
					}
				: {};
		server = await startFilServer({ env: { ...LIMITS, ...redisEnv } });
	});

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		expect(await server?.stop()).toBe(0);
		if (mode === 'redis') await deleteRedisKeys(SHARED_REDIS_URL, prefix);
	});

	async function reader(ip: string) {
		const r = await connectReader(server.url, ip);
		sockets.push(r.socket);
		return r;
	}

	it('says at start whether the process runs alone', () => {
		const alone = server.logs.filter((l) => l.includes('runs alone')).length;
		expect(alone).toBe(mode === 'alone' ? 1 : 0);
	});

	it('answers a second comment within 15 s with RATE_LIMITED and the wait', async () => {
		const { socket } = await reader('192.0.2.1');
		expect((await postComment(socket, 'Premier avis')).ok).toBe(true);
		const ack = await postComment(socket, 'Second avis, trop tôt');
		if (ack.ok) throw new Error('the second comment went through');
		expect(ack.error.code).toBe('RATE_LIMITED');
		expect(ack.error.retryAfterMs).toBeGreaterThan(0);
		expect(ack.error.retryAfterMs).toBeLessThanOrEqual(15_000);
		expect(ack.error.message).toMatch(RETRY_MESSAGE);
	});

	it('answers the form post over the limit with 429 and Retry-After', async () => {
		const cookie = await readerCookie(server.url);
		const first = await formPost(server, cookie, '192.0.2.2', commentForm('Par le formulaire'));
		expect(first.status).toBe(303);
		const second = await formPost(server, cookie, '192.0.2.2', commentForm('Encore, trop vite'));
		expect(second.status).toBe(429);
		const retryAfter = Number(second.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(15);
	});

	it('limits comments per address: 5 a minute plus a burst of 2', async () => {
		const results: boolean[] = [];
		for (let i = 0; i < 8; i++) {
			const { socket } = await reader('192.0.2.3');
			const ack = await postComment(socket, `Voix numéro ${i + 1}`);
			if (!ack.ok) expect(ack.error.code).toBe('RATE_LIMITED');
			results.push(ack.ok);
		}
		expect(results).toEqual([true, true, true, true, true, true, true, false]);
		// Another address is not affected.
		const { socket } = await reader('192.0.2.4');
		expect((await postComment(socket, 'Une autre adresse')).ok).toBe(true);
	});

	it('limits reactions per address', async () => {
		const { socket: author } = await reader('192.0.2.5');
		const posted = await postComment(author, 'Réagissez !');
		if (!posted.ok) throw new Error(posted.error.code);
		const { socket } = await reader('192.0.2.6');
		const emojis = ['👍', '❤️', '😂', '🤔'];
		const acks = [];
		for (const emoji of emojis)
			acks.push(await toggleReaction(socket, posted.data.comment.id, emoji));
		expect(acks.slice(0, 3).every((a) => a.ok)).toBe(true);
		const over = acks[3];
		if (over.ok) throw new Error('the fourth reaction went through');
		expect(over.error.code).toBe('RATE_LIMITED');
		expect(over.error.retryAfterMs).toBeGreaterThan(0);
		expect(over.error.retryAfterMs).toBeLessThanOrEqual(10_000);
	});

	it('refuses an eleventh connection a minute from one address, with a clean error', async () => {
		const cookie = await readerCookie(server.url);
		const ip = '192.0.2.7';
		for (let i = 0; i < 10; i++) sockets.push(await connectAs(server.url, cookie, ip));
		const refused = await connectAs(server.url, cookie, ip).then(
			(s) => {
				sockets.push(s);
				return null;
			},
			(error: Error & { data?: { code: string; message: string; retryAfterMs?: number } }) => error
		);
		expect(refused?.message).toBe('RATE_LIMITED');
		expect(refused?.data?.code).toBe('RATE_LIMITED');
		expect(refused?.data?.message).toMatch(RETRY_MESSAGE);
		expect(refused?.data?.retryAfterMs).toBeGreaterThan(0);
		expect(refused?.data?.retryAfterMs).toBeLessThanOrEqual(60_000);
		sockets.push(await connectAs(server.url, cookie, '192.0.2.8'));
	});
});
