import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FilServer } from '../../helpers/fil-server.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { AUTHOR, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { postForm, readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';
import {
	deleteRedisKeys,
	SHARED_REDIS_URL,
	uniqueRedisPrefix
} from '../../helpers/redis-server.ts';

// One person must not pass for a crowd: new identities cost their address, and reports count
// the addresses they came from. Limits live in Redis, as in production with several instances.
forEachDatabase('identities and reports from one address', (database) => {
	let server: FilServer;
	const prefix = uniqueRedisPrefix();
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		server = await startServerWithAuthor({
			...database.env(),
			REDIS_URL: SHARED_REDIS_URL,
			REDIS_KEY_PREFIX: prefix,
			IP_HASH_SECRET: 'identities-test-ip-hash-secret-0123456789ab',
			TOKEN_SECRET: 'identities-test-token-secret-0123456789abcd',
			TRUST_PROXY_HOPS: '1',
			LIMIT_IDENTITY_IP_PER_HOUR: '3',
			LIMIT_LOGIN_ACCOUNT_PER_15MIN: '5'
		});
	});

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await server?.stop();
		await deleteRedisKeys(SHARED_REDIS_URL, prefix);
	});

	async function reader(ip: string): Promise<TestSocket> {
		const socket = await connectAs(server.url, await readerCookie(server.url, ip), ip);
		sockets.push(socket);
		return socket;
	}

	async function countIdentities(): Promise<number> {
		const [row] = await queryRows(server, 'select count(*) as n from identities');
		return Number(row.n);
	}

	function newSession(ip: string): Promise<Response> {
		return fetch(`${server.url}/api/session`, {
			method: 'POST',
			headers: { origin: server.url, 'x-forwarded-for': ip }
		});
	}

	it('makes at most the allowed new identities per address, and no row beyond', async () => {
		const ip = '203.0.113.20';
		for (let i = 0; i < 3; i++) expect((await newSession(ip)).status).toBe(200);
		const before = await countIdentities();
		const refused = await newSession(ip);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(refused.headers.get('set-cookie')).toBeNull();
		const body = (await refused.json()) as { ok: boolean; error: { code: string } };
		expect(body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });

		// The form actions that make a session on the way are refused the same way.
		const writer = await reader('203.0.113.21');
		const target = expectOk(await postComment(writer, 'Un commentaire à qui réagir')).comment;
		const react = await postForm(
			server.url,
			`/articles/${SLUG}?/react`,
			{ commentId: String(target.id), emoji: '👍' },
			{ ip }
		);
		expect(react.status).toBe(429);
		expect(Number(react.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(await countIdentities()).toBe(before + 1);

		// Another address is not affected.
		expect((await newSession('203.0.113.22')).status).toBe(200);
	});

	it('hides a comment only when enough different addresses report it', async () => {
		const writer = await reader('198.51.100.1');
		const target = expectOk(
			await postComment(writer, 'Un avis que quelqu’un veut faire taire')
		).comment;
		const report = async (socket: TestSocket) =>
			expectOk(await emitAck(socket, 'comment:report', { commentId: target.id, reason: 'abuse' }));
		const status = async () =>
			(await queryRows(server, 'select status from comments where id = $1', [target.id]))[0].status;

		// Three identities, one address: one person, who cannot hide it alone.
		for (let i = 0; i < 3; i++) await report(await reader('198.51.100.2'));
		expect(await status()).toBe('published');
		await report(await reader('198.51.100.3'));
		expect(await status()).toBe('published');
		// A third address reaches the threshold of 3.
		await report(await reader('198.51.100.4'));
		expect(await status()).toBe('held');
	});

	it('keeps sign-in limiter keys free of the address they count', async () => {
		const res = await postForm(
			server.url,
			'/connexion',
			{ email: AUTHOR.email, password: 'pas le bon mot de passe' },
			{ ip: '192.0.2.80' }
		);
		expect(res.status).toBe(400);
		const redis = new Redis(SHARED_REDIS_URL);
		try {
			const keys = await redis.keys(`${prefix}*`);
			expect(keys.some((k) => k.includes('loginAccount'))).toBe(true);
			const local = AUTHOR.email.split('@')[0];
			expect(keys.filter((k) => k.includes(local) || k.includes('example.org'))).toEqual([]);
		} finally {
			redis.disconnect();
		}
	});
});
