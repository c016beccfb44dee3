import { afterAll, beforeAll, describe, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { createPgSchema, type PgSchema } from '../../helpers/pg-schema.ts';
import {
	deleteRedisKeys,
	SHARED_REDIS_URL,
	uniqueRedisPrefix
} from '../../helpers/redis-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import type { TestSocket } from '../../helpers/socket-client.ts';
import { connectReader } from '../../helpers/thread-actions.ts';
import { ThreadFollower } from '../../helpers/thread-follower.ts';

// Presence after an instance crash: its readers stop counting once its heartbeat expires
// (3 s here), and readers elsewhere are told.
let pg: PgSchema;
let a: FilServer;
let b: FilServer;
const prefix = uniqueRedisPrefix();
const sockets: TestSocket[] = [];
printLogsOnFailure(() => [a, b]);

async function follow(server: FilServer) {
	const { socket } = await connectReader(server.url);
	sockets.push(socket);
	return ThreadFollower.join(socket, SLUG);
}

beforeAll(async () => {
	pg = await createPgSchema();
	const env = {
		...pg.env,
		REDIS_URL: SHARED_REDIS_URL,
		REDIS_KEY_PREFIX: prefix,
		IP_HASH_SECRET: 'presence-test-ip-hash-secret-0123456789abcd',
		TOKEN_SECRET: 'presence-test-token-secret-0123456789abcdef',
		PRESENCE_TTL_SECONDS: '3'
	};
	a = await startFilServer({ env: { ...env, INSTANCE_ID: 'a' } });
	b = await startFilServer({ env: { ...env, INSTANCE_ID: 'b' } });
});

afterAll(async () => {
	for (const s of sockets) s.disconnect();
	await a?.stop();
	await b?.kill();
	await pg?.drop();
	await deleteRedisKeys(SHARED_REDIS_URL, prefix);
});

describe('presence when an instance dies', () => {
	it('stops counting the readers of a crashed instance and tells the others', async () => {
		const onA = await follow(a);
		await follow(b);
		await follow(b);
		await onA.waitFor('3 readers', () => onA.presence === 3);
		await b.kill();
		await onA.waitFor('only A’s reader left', () => onA.presence === 1);
		const late = await follow(a);
		await late.waitFor('2 readers for a newcomer', () => late.presence === 2);
	});
});
