import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { figure, LoadClient, startPacer } from '../../helpers/load-client.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { isRunning } from '../../helpers/thread-actions.ts';
import { sleep } from '../../helpers/wait.ts';
import { createPgSchema, type PgSchema } from '../../helpers/pg-schema.ts';
import { startOwnRedis, type OwnRedis } from '../../helpers/redis-server.ts';

// scale/redis-outage.test.ts walks through an outage one post at a time. Here readers on both
// instances post without pause while Redis dies and comes back (empty).
const CLIENTS_PER_INSTANCE = 3;
const POSTS_PER_SECOND = 60;

let redis: OwnRedis;
let pg: PgSchema;
let a: FilServer;
let b: FilServer;
const clients: LoadClient[] = [];
printLogsOnFailure(() => [a, b]);

function acked(): number {
	return clients.reduce((n, c) => n + c.acked.size, 0);
}

function countLogs(server: FilServer, text: string): number {
	return server.logs.filter((l) => l.includes(text)).length;
}

async function waitForLog(server: FilServer, text: string): Promise<void> {
	while (countLogs(server, text) === 0) await sleep(20);
}

beforeAll(async () => {
	redis = await startOwnRedis();
	pg = await createPgSchema();
	const env = {
		...pg.env,
		REDIS_URL: redis.url,
		IP_HASH_SECRET: 'load-outage-ip-hash-secret-0123456789abcdef',
		TOKEN_SECRET: 'load-outage-token-secret-0123456789abcdefgh'
	};
	a = await startFilServer({ env: { ...env, INSTANCE_ID: 'a' } });
	b = await startFilServer({ env: { ...env, INSTANCE_ID: 'b' } });
});

afterAll(async () => {
	for (const c of clients) c.close();
	await a?.stop();
	await b?.stop();
	await redis?.kill();
	await pg?.drop();
});

describe('a Redis outage under load, two instances', () => {
	it('lets posting go on, and every reader on either side ends with every comment', async () => {
		const started = Date.now();
		for (const [side, server] of [a, b].entries()) {
			for (let i = 0; i < CLIENTS_PER_INSTANCE; i++) {
				const cookie = await readerCookie(server.url);
				const name = `${side === 0 ? 'A' : 'B'}${i}`;
				clients.push(new LoadClient({ url: server.url, cookie, slug: SLUG, name }));
			}
		}
		await Promise.all(clients.map((c) => c.waitFor('joined', () => c.isJoined)));
		const pacer = startPacer(clients, POSTS_PER_SECOND);
		await sleep(1000);

		const beforeOutage = acked();
		await redis.kill();
		await Promise.all([waitForLog(a, 'Redis unreachable'), waitForLog(b, 'Redis unreachable')]);
		const outageStart = acked();
		await sleep(2000);
		const duringOutage = acked() - outageStart;
		await redis.start();
		await Promise.all([waitForLog(a, 'Redis is back'), waitForLog(b, 'Redis is back')]);
		await sleep(1500);
		pacer.stop();
		await Promise.all(clients.map((c) => c.drained()));

		const all = new Map<number, string>();
		for (const c of clients) for (const [key, id] of c.acked) all.set(id, key);
		await Promise.all(
			clients.map((c) =>
				c.waitFor('every comment', () => [...all.keys()].every((id) => c.thread.has(id)))
			)
		);
		const rows = await queryRows(a, 'select id, idempotency_key from comments');
		const found = rows.filter((r) => all.get(Number(r.id)) === r.idempotency_key).length;
		const tried = clients.reduce((n, c) => n + c.tried, 0);
		const resyncs = clients.map((c) => c.resyncs);

		console.log(
			`redis outage: ${figure(tried)} posts tried on 2 instances, ${figure(beforeOutage)} acked before, ` +
				`${figure(duringOutage)} acked during 2 s without Redis, ${figure(all.size)} acked in all, ` +
				`${figure(found)} found, ${figure(rows.length)} rows, resyncs per reader [${resyncs.join(', ')}], ` +
				`${clients.length} readers each holding all, ${((Date.now() - started) / 1000).toFixed(1)} s`
		);
		expect(duringOutage).toBeGreaterThan(0);
		expect(clients.flatMap((c) => [...c.refused])).toEqual([]);
		expect(all.size).toBe(tried);
		expect(found).toBe(tried);
		expect(rows.length).toBe(tried);
		// Told by the instances once fan-out was back, not by a reconnection.
		expect(resyncs.every((n) => n > 0)).toBe(true);
		expect(clients.every((c) => c.connects === 1)).toBe(true);
		for (const server of [a, b]) {
			expect(isRunning(server.process)).toBe(true);
			expect(countLogs(server, 'Redis unreachable')).toBe(1);
			expect(countLogs(server, 'Redis is back')).toBe(1);
		}
	}, 120_000);
});
