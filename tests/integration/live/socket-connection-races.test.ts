import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';

/**
 * What a client can do on one Engine.IO connection that the browser's client never does:
 * connect the namespace again after leaving it (the request it was identified by is released
 * after the first connect), or send a command and its disconnect in one packet batch.
 */
let server: FilServer;
const clients: TestSocket[] = [];
printLogsOnFailure(() => [server]);

beforeAll(async () => {
	server = await startFilServer({});
});

afterAll(async () => {
	for (const c of clients) c.disconnect();
	await server?.stop();
});

async function healthy(): Promise<boolean> {
	try {
		return (await fetch(`${server.url}/healthz`)).ok;
	} catch {
		return false;
	}
}

/** Engine.IO long-polling by hand: one POST may carry several Socket.IO packets. */
async function pollingSession(): Promise<{
	post(body: string): Promise<void>;
	poll(): Promise<string>;
}> {
	const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
	const open = await (await fetch(base)).text();
	const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
	const url = `${base}&sid=${sid}`;
	return {
		post: async (body) => {
			const res = await fetch(url, { method: 'POST', body });
			expect(await res.text()).toBe('ok');
		},
		poll: async () => (await fetch(url)).text()
	};
}

async function presenceSeenByNewReader(): Promise<number> {
	const reader = await connectAs(server.url);
	clients.push(reader);
	const ack = await emitAck<{ presence: number }>(reader, 'thread:join', {
		slug: SLUG,
		since: null
	});
	if (!ack.ok) throw new Error(ack.error.code);
	reader.disconnect();
	await new Promise((r) => setTimeout(r, 200));
	return ack.data.presence;
}

describe('one connection, odd sequences of packets', () => {
	it('a second namespace connect on the same connection is refused, the server stays up', async () => {
		const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`);
		const answers: string[] = [];
		await new Promise<void>((done) => {
			ws.on('message', (data) => {
				const text = String(data);
				if (text.startsWith('0')) return ws.send('40');
				if (!text.startsWith('4')) return;
				answers.push(text.slice(0, 2));
				if (answers.length === 1) {
					ws.send('41');
					setTimeout(() => ws.send('40'), 100);
				} else done();
			});
			ws.on('close', () => done());
			setTimeout(done, 2000);
		});
		// Connected, then refused (CONNECT_ERROR) with a code from the contract.
		expect(answers).toEqual(['40', '44']);
		ws.terminate();
		await new Promise((r) => setTimeout(r, 300));
		expect(await healthy()).toBe(true);
		expect(await presenceSeenByNewReader()).toBe(1);
	});

	it('a reader whose thread:join and disconnect arrive together is not counted as present', async () => {
		if (!(await healthy())) server = await startFilServer({});
		expect(await presenceSeenByNewReader()).toBe(1);
		const session = await pollingSession();
		await session.post('40');
		expect(await session.poll()).toMatch(/^40/);
		await session.post(`420["thread:join",{"slug":"${SLUG}","since":null}]\x1e41`);
		await new Promise((r) => setTimeout(r, 300));
		// Only the new reader itself is on the article.
		expect(await presenceSeenByNewReader()).toBe(1);
	});
});
