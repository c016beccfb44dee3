import { request } from 'node:http';
import { afterAll, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { figure, LoadClient, startPacer } from '../../helpers/load-client.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs } from '../../helpers/socket-client.ts';
import { sleep } from '../../helpers/wait.ts';

const CLIENTS = 6;
const POSTS_PER_SECOND = 100;
const BURST = 10;
// Past this the server gives up and exits 1: an exit 0 says it drained in time.
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function refusesNewConnections(url: string): Promise<{ http: boolean; socket: boolean }> {
	const http = await fetch(`${url}/healthz`).then(
		() => false,
		() => true
	);
	const socket = await connectAs(url).then(
		(s) => {
			s.disconnect();
			return false;
		},
		() => true
	);
	return { http, socket };
}

/**
 * A form post whose body is still coming when the signal lands: in flight for as long as the
 * test holds it, so the drain has something to wait for. The field is empty: refused, no row.
 */
async function holdFormPost(port: number): Promise<{ finish: () => Promise<number> }> {
	const origin = `http://127.0.0.1:${port}`;
	const body = 'name=Lente&email=&body=';
	const req = request(`${origin}/articles/${SLUG}?/comment`, {
		method: 'POST',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			'content-length': String(body.length)
		}
	});
	// 0: cut off without an answer.
	const answered = new Promise<number>((resolve) => {
		req.once('response', (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.on('error', () => resolve(0));
	});
	await new Promise<void>((resolve) => req.write(body.slice(0, 10), () => resolve()));
	return {
		finish: () => {
			req.end(body.slice(10));
			return answered;
		}
	};
}

// scale/shutdown.test.ts proves one batch sent before the signal is answered. This adds: a
// steady load from several readers, no new connection taken once the signal is in, the exit
// within the deadline, and readers reconnecting by themselves to the next server and ending
// with every comment, none lost, none twice.
forEachDatabase('SIGTERM under a steady load', (database) => {
	const servers: FilServer[] = [];
	const clients: LoadClient[] = [];
	printLogsOnFailure(() => servers);

	afterAll(async () => {
		for (const c of clients) c.close();
		await servers.at(-1)?.stop();
	});

	it('drains, refuses newcomers, exits 0, and loses nothing across the restart', async () => {
		const started = Date.now();
		const env = { ...database.env(), SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) };
		const old = await startFilServer({ env });
		servers.push(old);
		for (let i = 0; i < CLIENTS; i++) {
			const cookie = await readerCookie(old.url);
			clients.push(new LoadClient({ url: old.url, cookie, slug: SLUG, name: `Lecteur ${i}` }));
		}
		await Promise.all(clients.map((c) => c.waitFor('joined', () => c.isJoined)));
		// Sent while the server is idle, so that it is surely reading the body when the signal lands.
		const held = await holdFormPost(old.port);
		const pacer = startPacer(clients, POSTS_PER_SECOND);
		await sleep(1500);

		// A burst right before the signal: more work in flight when it lands.
		for (const c of clients) for (let n = 0; n < BURST; n++) c.post();
		const signalledAt = Date.now();
		const exit = old.stop();
		const draining = await new Promise<string>((resolve) => {
			const look = () => {
				const line = old.logs.find((l) => l.includes('SIGTERM received'));
				if (line) resolve(line);
				else setTimeout(look, 5);
			};
			look();
		});
		const refused = await refusesNewConnections(old.url);
		// Refusals only count while the process is still there: the held post, finished only now,
		// must be answered by it (an exit before would have cut it off).
		const heldStatus = await held.finish();
		const code = await exit;
		const exitMs = Date.now() - signalledAt;
		const ackedBeforeRestart = clients.reduce((n, c) => n + c.acked.size, 0);

		// The next server on the same port and data: the readers come back by themselves.
		await sleep(300);
		servers.push(await startFilServer({ port: old.port, dataDir: old.dataDir, env }));
		await sleep(1000);
		pacer.stop();
		await Promise.all(clients.map((c) => c.drained()));

		const acked = new Map<number, string>();
		for (const c of clients) for (const [key, id] of c.acked) acked.set(id, key);
		await Promise.all(
			clients.map((c) =>
				c.waitFor('every acknowledged comment', () =>
					[...acked.keys()].every((id) => c.thread.has(id))
				)
			)
		);
		const rows = await queryRows(servers[1], 'select id, idempotency_key from comments');
		const found = rows.filter((r) => acked.get(Number(r.id)) === r.idempotency_key).length;
		const tried = clients.reduce((n, c) => n + c.tried, 0);
		const deferred = clients.reduce((n, c) => n + c.deferred, 0);
		const unanswered = clients.reduce((n, c) => n + c.unanswered, 0);
		const reasons = [...new Set(clients.flatMap((c) => c.disconnects))];
		const inFlight = Number(/"inFlight":(\d+)/.exec(draining)?.[1]);

		console.log(
			`graceful stop [${database.kind}]: ${figure(tried)} posts tried, ${inFlight} in flight at SIGTERM, ` +
				`exit ${code} after ${exitMs} ms, ${figure(ackedBeforeRestart)} acked before the restart, ` +
				`${deferred} refused UNAVAILABLE and sent again, ${unanswered} unanswered and sent again, ` +
				`new HTTP ${refused.http ? 'refused' : 'ACCEPTED'}, new socket ${refused.socket ? 'refused' : 'ACCEPTED'}, ` +
				`held form post finished after that answered ${heldStatus || 'nothing'}, ` +
				`disconnects: ${reasons.join('/')}, ${figure(acked.size)} acked, ${figure(found)} found, ` +
				`${figure(rows.length)} rows, ${((Date.now() - started) / 1000).toFixed(1)} s`
		);
		expect(inFlight).toBeGreaterThan(0);
		expect(heldStatus).toBe(400);
		expect(code).toBe(0);
		expect(old.logs.some((l) => l.includes('in-flight work left unfinished'))).toBe(false);
		expect(refused).toEqual({ http: true, socket: true });
		// Told to reconnect: the transport closed (a server "disconnect" would stop the client).
		expect(reasons).toEqual(['transport close']);
		expect(clients.every((c) => c.connects === 2)).toBe(true);
		expect(clients.flatMap((c) => [...c.refused])).toEqual([]);
		expect(acked.size).toBe(tried);
		expect(found).toBe(tried);
		expect(rows.length).toBe(tried);
	}, 120_000);
});
