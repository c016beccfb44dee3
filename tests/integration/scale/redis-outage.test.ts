import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { createPgSchema, type PgSchema } from '../../helpers/pg-schema.ts';
import { startOwnRedis, type OwnRedis } from '../../helpers/redis-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import type { TestSocket } from '../../helpers/socket-client.ts';
import {
	connectReader,
	isRunning,
	postComment,
	toggleReaction
} from '../../helpers/thread-actions.ts';
import { ThreadFollower } from '../../helpers/thread-follower.ts';

// Redis is killed mid-run and started again on the same port (empty: no persistence).
let redis: OwnRedis;
let pg: PgSchema;
let a: FilServer;
let b: FilServer;
const sockets: TestSocket[] = [];
const posted = new Set<number>();
let followers: ThreadFollower[] = [];
printLogsOnFailure(() => [a, b]);

async function readerOn(server: FilServer) {
	const r = await connectReader(server.url);
	sockets.push(r.socket);
	return r.socket;
}

/** A new identity each time: the 15 s per-identity limit stays on, as in production. */
async function postOn(server: FilServer, body: string): Promise<number> {
	const ack = await postComment(await readerOn(server), body);
	if (!ack.ok) throw new Error(`${body}: ${ack.error.code}`);
	posted.add(ack.data.comment.id);
	return ack.data.comment.id;
}

async function readyz(server: FilServer): Promise<{ status: number; text: string }> {
	const res = await fetch(`${server.url}/readyz`);
	return { status: res.status, text: await res.text() };
}

async function waitForReadyz(server: FilServer, degraded: boolean): Promise<void> {
	for (;;) {
		const { status, text } = await readyz(server);
		expect(status, 'the instance serves, Redis or not').toBe(200);
		if (text.includes('redis unavailable') === degraded) return;
		await new Promise((r) => setTimeout(r, 100));
	}
}

function countLogs(server: FilServer, text: string): number {
	return server.logs.filter((l) => l.includes(text)).length;
}

beforeAll(async () => {
	redis = await startOwnRedis();
	pg = await createPgSchema();
	const env = {
		...pg.env,
		REDIS_URL: redis.url,
		IP_HASH_SECRET: 'outage-test-ip-hash-secret-0123456789abcdef',
		TOKEN_SECRET: 'outage-test-token-secret-0123456789abcdefgh',
		LIMIT_COMMENT_IDENTITY_SECONDS: '15'
	};
	a = await startFilServer({ env: { ...env, INSTANCE_ID: 'a' } });
	b = await startFilServer({ env: { ...env, INSTANCE_ID: 'b' } });
});

afterAll(async () => {
	for (const s of sockets) s.disconnect();
	await a?.stop();
	await b?.stop();
	await redis?.kill();
	await pg?.drop();
});

describe('a Redis outage', () => {
	it('is survived: posting goes on, and every client ends up with every comment', async () => {
		followers = [
			await ThreadFollower.join(await readerOn(a), SLUG),
			await ThreadFollower.join(await readerOn(b), SLUG)
		];
		// A follower is owed every comment posted after it joined (earlier ones come with the page).
		const before = new Map<ThreadFollower, Set<number>>();
		const holdsAll = (f: ThreadFollower) =>
			[...posted].every((id) => before.get(f)?.has(id) || f.comments.has(id));
		const everyoneHoldsAll = () =>
			Promise.all(followers.map((f) => f.waitFor('every comment', () => holdsAll(f))));

		await postOn(a, 'Avant la panne, sur A');
		await postOn(b, 'Avant la panne, sur B');
		await everyoneHoldsAll();
		expect(await readyz(a)).toEqual({ status: 200, text: 'ready' });

		await redis.kill();
		await waitForReadyz(a, true);
		expect((await readyz(a)).text).toMatch(
			/^ready, degraded:\nredis unavailable: this instance serves/
		);

		// Posting goes on through both instances; the in-memory insurance limiter still limits.
		const { socket: hasty } = await connectReader(a.url);
		sockets.push(hasty);
		const idsDuringOutage = [];
		const first = await postComment(hasty, 'Pendant la panne, sur A');
		expect(first.ok).toBe(true);
		if (first.ok) idsDuringOutage.push(first.data.comment.id);
		if (first.ok) posted.add(first.data.comment.id);
		const second = await postComment(hasty, 'Encore, trop vite');
		expect(second.ok ? 'ok' : second.error.code).toBe('RATE_LIMITED');
		const onB = await postOn(b, 'Pendant la panne, sur B');
		idsDuringOutage.push(onB);
		expect((await toggleReaction(await readerOn(a), onB)).ok).toBe(true);

		// A reader arriving during the outage joins and counts itself, at least.
		const newcomer = await ThreadFollower.join(await readerOn(b), SLUG);
		expect(newcomer.presence).toBeGreaterThan(0);
		expect(newcomer.comments.size).toBe(0);
		before.set(newcomer, new Set(posted));
		followers.push(newcomer);

		// Each instance still serves its own readers while Redis is away.
		await followers[1].waitFor('B’s own comment on B', () => followers[1].comments.has(onB));

		await redis.start();
		await waitForReadyz(a, false);
		await waitForReadyz(b, false);
		await everyoneHoldsAll();
		await followers[0].waitFor('reaction made on A during outage', () =>
			followers[0].reactions.has(onB)
		);

		// Cross-instance fan-out is back.
		await postOn(b, 'Après la panne, sur B');
		await postOn(a, 'Après la panne, sur A');
		await everyoneHoldsAll();

		for (const server of [a, b]) {
			expect(isRunning(server.process)).toBe(true);
			expect(countLogs(server, 'Redis unreachable')).toBe(1);
			expect(countLogs(server, 'Redis is back')).toBe(1);
		}
		// A follower on A caught up the comment B took during the outage: by resync, not live.
		expect(followers[0].resyncs).toBeGreaterThan(0);
		expect(idsDuringOutage.every((id) => followers[0].comments.has(id))).toBe(true);
	});
});
