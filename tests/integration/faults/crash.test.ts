import { afterAll, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { figure, LoadClient, startPacer } from '../../helpers/load-client.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { sleep } from '../../helpers/wait.ts';

const CLIENTS = 8;
const POSTS_PER_SECOND = 200;
const KILLS = 3;

forEachDatabase('SIGKILL while 200 comments a second arrive', (database) => {
	const servers: FilServer[] = [];
	const clients: LoadClient[] = [];
	printLogsOnFailure(() => servers.slice(-2));

	afterAll(async () => {
		for (const c of clients) c.close();
		await servers.at(-1)?.stop();
	});

	it('keeps every acknowledged comment, once, in the database and in every client', async () => {
		const started = Date.now();
		const first = await startFilServer({ env: database.env() });
		servers.push(first);
		for (let i = 0; i < CLIENTS; i++) {
			const cookie = await readerCookie(first.url);
			clients.push(new LoadClient({ url: first.url, cookie, slug: SLUG, name: `Client ${i}` }));
		}
		await Promise.all(clients.map((c) => c.waitFor('joined', () => c.isJoined)));

		const pacer = startPacer(clients, POSTS_PER_SECOND);
		const delays: number[] = [];
		const killedAt: number[] = [];
		for (let k = 0; k < KILLS; k++) {
			// A random moment: wherever the writes, acks and broadcasts happen to be.
			const delay = 1000 + Math.floor(Math.random() * 2500);
			delays.push(delay);
			await sleep(delay);
			const dying = servers.at(-1)!;
			killedAt.push(Date.now());
			await dying.kill();
			servers.push(
				await startFilServer({ port: dying.port, dataDir: dying.dataDir, env: database.env() })
			);
		}
		await sleep(1500);
		pacer.stop();
		const postingMs = Date.now() - pacer.startedAt;
		await Promise.all(clients.map((c) => c.drained()));

		const acked = new Map<string, number>();
		for (const c of clients) for (const [key, id] of c.acked) acked.set(key, id);
		const ackedIds = new Set(acked.values());
		await Promise.all(
			clients.map((c) =>
				c.waitFor('every acknowledged comment in the thread', () =>
					[...ackedIds].every((id) => c.thread.has(id))
				)
			)
		);

		const server = servers.at(-1)!;
		const rows = (await queryRows(
			server,
			'select id, identity_id, idempotency_key from comments'
		)) as { id: number; identity_id: string; idempotency_key: string }[];
		const byKey = new Map<string, number[]>();
		for (const r of rows) {
			const key = `${r.identity_id}/${r.idempotency_key}`;
			byKey.set(key, [...(byKey.get(key) ?? []), Number(r.id)]);
		}
		const duplicates = [...byKey.values()].filter((ids) => ids.length > 1).length;
		const storedByKey = new Map(rows.map((r) => [r.idempotency_key, Number(r.id)]));
		const found = [...acked].filter(([key, id]) => storedByKey.get(key) === id).length;
		const tried = clients.reduce((n, c) => n + c.tried, 0);
		const sends = clients.reduce((n, c) => n + c.sends, 0);
		const refused = clients.flatMap((c) => [...c.refused]);
		// The premise of the scenario: each kill cut a stream of writes (posts were still being
		// sent in the second before it). The rate reached is printed, not asserted: it is the
		// machine's speed, which benchmarks measure, not a behaviour.
		const sentAt = clients.flatMap((c) => c.sentAt);
		const sentBeforeKills = killedAt.map(
			(at) => sentAt.filter((t) => t >= at - 1000 && t < at).length
		);

		console.log(
			`crash [${database.kind}]: ${figure(tried)} posts tried, ${figure(acked.size)} acked, ` +
				`${figure(found)} found, ${duplicates} duplicates, ${KILLS} kills ` +
				`(after ${delays.join(', ')} ms), ${figure(sends - tried)} resends, ` +
				`${figure(rows.length)} rows, ${POSTS_PER_SECOND}/s asked, ` +
				`${Math.round((tried * 1000) / postingMs)}/s queued (at most 50 waiting a client), ` +
				`${sentBeforeKills.join(', ')} sent in the second before each kill, ` +
				`${CLIENTS} clients each holding all, ${((Date.now() - started) / 1000).toFixed(1)} s`
		);
		for (const sent of sentBeforeKills) expect(sent).toBeGreaterThan(0);
		expect(refused).toEqual([]);
		expect(acked.size).toBe(tried);
		expect(found).toBe(acked.size);
		expect(duplicates).toBe(0);
		// Nothing stored that no client was told about, and nothing stored twice.
		expect(rows.length).toBe(acked.size);
		expect(ackedIds.size).toBe(acked.size);
		// The crashes really cut posts short: some had to be sent again.
		expect(sends).toBeGreaterThan(tried);
	}, 180_000);
});
