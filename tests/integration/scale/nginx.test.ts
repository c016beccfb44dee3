import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { hasNginx, startNginx, type RunningNginx } from '../../helpers/nginx.ts';
import { createPgSchema, type PgSchema } from '../../helpers/pg-schema.ts';
import {
	deleteRedisKeys,
	SHARED_REDIS_URL,
	uniqueRedisPrefix
} from '../../helpers/redis-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, type TestSocket } from '../../helpers/socket-client.ts';
import { postComment } from '../../helpers/thread-actions.ts';
import { ThreadFollower } from '../../helpers/thread-follower.ts';

// The compose topology with processes: deploy/nginx.conf in front of two instances, one Redis,
// one PostgreSQL schema. Needs nginx (apt-get install nginx-light); skipped without it.
describe.skipIf(!hasNginx())('deploy/nginx.conf in front of two instances', () => {
	let pg: PgSchema;
	let a: FilServer;
	let b: FilServer;
	let nginx: RunningNginx;
	const prefix = uniqueRedisPrefix();
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => [a, b]);

	async function presenceHash(): Promise<Record<string, string>> {
		const redis = new Redis(SHARED_REDIS_URL);
		try {
			return await redis.hgetall(`${prefix}presence:${SLUG}`);
		} finally {
			redis.disconnect();
		}
	}

	async function client(ip?: string) {
		const s = await connectAs(nginx.url, await readerCookie(nginx.url), ip);
		sockets.push(s);
		return s;
	}

	beforeAll(async () => {
		pg = await createPgSchema();
		const env = {
			...pg.env,
			REDIS_URL: SHARED_REDIS_URL,
			REDIS_KEY_PREFIX: prefix,
			IP_HASH_SECRET: 'nginx-test-ip-hash-secret-0123456789abcdef',
			TOKEN_SECRET: 'nginx-test-token-secret-0123456789abcdefgh',
			TRUST_PROXY_HOPS: '1',
			LIMIT_COMMENT_IP_PER_MINUTE: '5',
			LIMIT_COMMENT_IP_BURST: '0'
		};
		a = await startFilServer({ env: { ...env, INSTANCE_ID: 'a' } });
		b = await startFilServer({ env: { ...env, INSTANCE_ID: 'b' } });
		nginx = await startNginx({ a: a.port, b: b.port });
	});

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await nginx?.stop();
		await a?.stop();
		await b?.stop();
		await pg?.drop();
		await deleteRedisKeys(SHARED_REDIS_URL, prefix);
	});

	it('carries WebSockets to both instances and the thread between them', async () => {
		// Sessions first, then four WebSockets in a row: round robin alternates the instances.
		const cookies = [];
		for (let i = 0; i < 4; i++) cookies.push(await readerCookie(nginx.url));
		const followers = [];
		for (const cookie of cookies) {
			const socket = await connectAs(nginx.url, cookie);
			sockets.push(socket);
			followers.push(await ThreadFollower.join(socket, SLUG));
		}
		const perInstance = await presenceHash();
		expect(Number(perInstance.a)).toBeGreaterThan(0);
		expect(Number(perInstance.b)).toBeGreaterThan(0);
		const ack = await postComment(followers[0].socket, 'À travers nginx');
		if (!ack.ok) throw new Error(ack.error.code);
		for (const f of followers) {
			await f.waitFor('comment through nginx', () => f.comments.has(ack.data.comment.id));
		}
		// Presence adds up the readers of both instances.
		for (const f of followers) await f.waitFor('presence 4', () => f.presence === 4);
	});

	it('serves the long-polling fallback, pinned to one instance', async () => {
		const cookie = await readerCookie(nginx.url);
		for (const transports of [['polling'], ['polling', 'websocket']]) {
			const socket: TestSocket = io(nginx.url, {
				transports,
				forceNew: true,
				reconnection: false,
				extraHeaders: { cookie }
			});
			sockets.push(socket);
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			});
			const follower = await ThreadFollower.join(socket, SLUG);
			const writer = await client();
			const ack = await postComment(writer, `Pour le client ${transports.join('+')}`);
			if (!ack.ok) throw new Error(ack.error.code);
			await follower.waitFor('comment over polling', () =>
				follower.comments.has(ack.data.comment.id)
			);
			expect(socket.connected).toBe(true);
		}
	});

	it('limits the real client address, whatever X-Forwarded-For the client forges', async () => {
		const results: boolean[] = [];
		for (let i = 0; i < 3; i++) {
			const forged = `198.51.100.${i + 50}`;
			results.push((await postComment(await client(forged), `Adresse inventée ${i}`)).ok);
		}
		// The tests before posted three times from this machine: 5 a minute leaves two.
		expect(results).toEqual([true, true, false]);
	});

	it('keeps serving through the other instance while one shuts down', async () => {
		expect(await a.stop()).toBe(0);
		for (let i = 0; i < 4; i++) {
			const res = await fetch(`${nginx.url}/articles/${SLUG}`);
			expect(res.status).toBe(200);
		}
		const ack = await postComment(await client(), 'Après le départ de A');
		expect(ack.ok ? 'ok' : ack.error.code).toBe('RATE_LIMITED');
	});
});
