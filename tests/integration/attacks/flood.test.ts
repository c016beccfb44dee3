import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../../server/contract/errors.ts';
import type { PublicComment } from '../../../server/contract/types.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { figure } from '../../helpers/load-client.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { connectReader } from '../../helpers/thread-actions.ts';
import { sleep } from '../../helpers/wait.ts';
import {
	deleteRedisKeys,
	SHARED_REDIS_URL,
	uniqueRedisPrefix
} from '../../helpers/redis-server.ts';

// Two instances sharing Redis (limits), behind one trusted proxy: the flooder reaches both.
const LIMITS = {
	TRUST_PROXY_HOPS: '1',
	LIMIT_COMMENT_IDENTITY_SECONDS: '15',
	LIMIT_COMMENT_IP_PER_MINUTE: '10',
	LIMIT_COMMENT_IP_BURST: '3',
	LIMIT_CONNECTION_IP_PER_MINUTE: '100'
};
const ALLOWED = Number(LIMITS.LIMIT_COMMENT_IP_PER_MINUTE) + Number(LIMITS.LIMIT_COMMENT_IP_BURST);
const FLOODER = '203.0.113.57';
const NEIGHBOUR = '198.51.100.23';
const POSTS = 1000;
const SECONDS = 10;
const SOCKET_DOORS = 20;
const FORM_DOORS = 5;
const NEIGHBOUR_POSTS = 8;

type Outcome =
	| { door: 'socket' | 'form'; ok: true }
	| { door: 'socket' | 'form'; ok: false; code: string; retryMs: number };

const prefix = uniqueRedisPrefix();
const servers: FilServer[] = [];
const sockets: TestSocket[] = [];
printLogsOnFailure(() => servers);

let n = 0;
const payload = (name: string) => ({
	slug: SLUG,
	body: `Message ${++n} de ${name}`,
	name,
	email: 'flot@example.org',
	website: '',
	idempotencyKey: randomUUID()
});

async function socketPost(socket: TestSocket): Promise<Outcome> {
	const ack: Ack<{ comment: PublicComment }> = await emitAck(
		socket,
		'comment:post',
		payload('Flot'),
		30_000
	);
	if (ack.ok) return { door: 'socket', ok: true };
	return { door: 'socket', ok: false, code: ack.error.code, retryMs: ack.error.retryAfterMs ?? 0 };
}

async function formPost(server: FilServer, cookie: string, ip: string): Promise<Outcome> {
	const res = await fetch(`${server.url}/articles/${SLUG}?/comment`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, cookie, accept: 'text/html', 'x-forwarded-for': ip },
		body: new URLSearchParams(payload('Formulaire'))
	});
	await res.arrayBuffer();
	if (res.status === 303) return { door: 'form', ok: true };
	const code = res.status === 429 ? 'RATE_LIMITED' : `HTTP ${res.status}`;
	return {
		door: 'form',
		ok: false,
		code,
		retryMs: Number(res.headers.get('retry-after') ?? 0) * 1000
	};
}

beforeAll(async () => {
	const env = {
		...LIMITS,
		REDIS_URL: SHARED_REDIS_URL,
		REDIS_KEY_PREFIX: prefix,
		IP_HASH_SECRET: 'flood-test-ip-hash-secret-0123456789abcdef',
		TOKEN_SECRET: 'flood-test-token-secret-0123456789abcdefgh'
	};
	servers.push(await startFilServer({ env: { ...env, INSTANCE_ID: 'a' } }));
	servers.push(await startFilServer({ env: { ...env, INSTANCE_ID: 'b' } }));
});

afterAll(async () => {
	for (const s of sockets) s.disconnect();
	for (const s of servers) await s.stop();
	await deleteRedisKeys(SHARED_REDIS_URL, prefix);
});

describe('a flood from one address', () => {
	it('lets exactly the allowance through, refuses the rest with a delay, spares a neighbour', async () => {
		// Identities of the flooder, a form among every five: both doors pass and are refused.
		const doors: (() => Promise<Outcome>)[] = [];
		for (let i = 0; i < SOCKET_DOORS + FORM_DOORS; i++) {
			const server = servers[i % 2];
			const { socket, cookie } = await connectReader(server.url, FLOODER);
			if (i % 5 === 0) {
				socket.disconnect();
				doors.push(() => formPost(server, cookie, FLOODER));
			} else {
				sockets.push(socket);
				doors.push(() => socketPost(socket));
			}
		}
		const neighbours: TestSocket[] = [];
		for (let i = 0; i < NEIGHBOUR_POSTS; i++) {
			const { socket } = await connectReader(servers[i % 2].url, NEIGHBOUR);
			sockets.push(socket);
			neighbours.push(socket);
		}

		const started = Date.now();
		const flood: Promise<Outcome>[] = [];
		const neighbourPosts: Promise<Outcome>[] = [];
		for (let k = 0; k < POSTS; k++) {
			const due = started + (k * SECONDS * 1000) / POSTS;
			if (due > Date.now()) await sleep(due - Date.now());
			flood.push(doors[k % doors.length]());
			// The first post is a form's, answered before the rest: on a loaded machine the faster
			// socket posts could otherwise spend the whole allowance before any form reaches it.
			if (k === 0) await flood[0];
			// The neighbour posts now and then, once per identity, in the middle of it all.
			if (k % (POSTS / NEIGHBOUR_POSTS) === 50) {
				neighbourPosts.push(socketPost(neighbours[neighbourPosts.length]));
			}
		}
		const sentInMs = Date.now() - started;
		const results = await Promise.all(flood);
		const neighbour = await Promise.all(neighbourPosts);

		const passed = results.filter((r) => r.ok).length;
		const refused = results.filter((r): r is Extract<Outcome, { ok: false }> => !r.ok);
		const codes = new Set(refused.map((r) => r.code));
		const delays = refused.map((r) => r.retryMs);
		const formRefusals = refused.filter((r) => r.door === 'form').length;
		const formPasses = results.filter((r) => r.ok && r.door === 'form').length;
		// Each instance keeps its own SQLite file here; only the limits are shared, through Redis.
		let stored = 0;
		for (const s of servers) {
			stored += Number((await queryRows(s, 'select count(*) as n from comments'))[0].n);
		}
		console.log(
			`flood: ${figure(POSTS)} posts from ${FLOODER} in ${(sentInMs / 1000).toFixed(1)} s ` +
				`over 2 instances (${POSTS - (POSTS / doors.length) * FORM_DOORS} socket, ${(POSTS / doors.length) * FORM_DOORS} form), ` +
				`${passed} accepted (${formPasses} by form; limit ${LIMITS.LIMIT_COMMENT_IP_PER_MINUTE}/min + burst ${LIMITS.LIMIT_COMMENT_IP_BURST}), ` +
				`${figure(refused.length)} refused with ${[...codes].join('/')} (${formRefusals} as HTTP 429), ` +
				`retry delays ${Math.min(...delays)}–${Math.max(...delays)} ms; ` +
				`${neighbour.filter((r) => r.ok).length} of ${NEIGHBOUR_POSTS} from ${NEIGHBOUR} accepted meanwhile; ` +
				`${stored} rows`
		);
		expect(passed).toBe(ALLOWED);
		expect([...codes]).toEqual(['RATE_LIMITED']);
		expect(delays.every((d) => d > 0)).toBe(true);
		expect(formRefusals).toBeGreaterThan(0);
		expect(formPasses).toBeGreaterThan(0);
		expect(neighbour.every((r) => r.ok)).toBe(true);
		expect(stored).toBe(ALLOWED + NEIGHBOUR_POSTS);
	}, 90_000);
});
