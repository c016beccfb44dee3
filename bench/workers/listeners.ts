/**
 * Holds `count` reader sockets in one article room and times each `comment:created` from the
 * send time in its body. `sio`: socket.io-client against Fil; `ws`: plain ws against the
 * baseline server (same parse work: JSON of the same frame); `eio`: plain ws speaking the
 * Engine.IO/Socket.IO protocol to Fil, with exactly the `ws` client's receive cost, so that
 * only the servers differ.
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { Samples } from '../lib/samples.ts';
import { boundLifetime, inBatches, now, onCommand, reply, sentAtOf } from './worker-kit.ts';

type Command =
	| {
			type: 'connect';
			kind: 'sio' | 'ws' | 'eio';
			url: string;
			count: number;
			slug: string;
			concurrency: number;
	  }
	| { type: 'collect' }
	| { type: 'close' };

const latencies = new Samples();
const sioSockets: Socket[] = [];
const wsSockets: WebSocket[] = [];
let frameBytes = 0;
let failed = 0;
let firstError = '';

function record(body: string): void {
	const sentAt = sentAtOf(body);
	if (sentAt !== null) latencies.push(now() - sentAt);
}

function connectSio(url: string, slug: string, first: boolean): Promise<void> {
	return new Promise((resolve, reject) => {
		const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
		socket.on('comment:created', (e: { comment: { body: string } }) => record(e.comment.body));
		if (first) {
			socket.io.on('open', () =>
				socket.io.engine.on('message', (data: unknown) => {
					if (typeof data === 'string' && data.includes('"comment:created"')) {
						frameBytes = 1 + Buffer.byteLength(data);
					}
				})
			);
		}
		socket.once('connect_error', reject);
		socket.once('connect', () => {
			socket.emit('thread:join', { slug, since: null }, (ack: { ok: boolean }) => {
				if (!ack.ok) reject(new Error(`thread:join: ${JSON.stringify(ack)}`));
				else resolve();
			});
		});
		sioSockets.push(socket);
	});
}

function connectWs(url: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url.replace(/^http/, 'ws'), { perMessageDeflate: false });
		ws.on('message', (data) => {
			const text = String(data);
			const [name, payload] = JSON.parse(text.slice(2)) as [string, { comment: { body: string } }];
			if (name === 'comment:created') record(payload.comment.body);
		});
		ws.once('error', reject);
		ws.once('open', () => resolve());
		wsSockets.push(ws);
	});
}

/** Engine.IO v4 over a bare WebSocket: open, namespace connect, join with an ack, pings. */
function connectEio(url: string, slug: string, first: boolean): Promise<void> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
			perMessageDeflate: false
		});
		ws.on('message', (data) => {
			const text = String(data);
			if (text.startsWith('42')) {
				if (first && text.includes('"comment:created"')) frameBytes = Buffer.byteLength(text);
				const [name, payload] = JSON.parse(text.slice(2)) as [
					string,
					{ comment: { body: string } }
				];
				if (name === 'comment:created') record(payload.comment.body);
			} else if (text === '2') {
				ws.send('3');
			} else if (text.startsWith('0')) {
				ws.send('40');
			} else if (text.startsWith('40')) {
				ws.send(`420${JSON.stringify(['thread:join', { slug, since: null }])}`);
			} else if (text.startsWith('430')) {
				const [ack] = JSON.parse(text.slice(3)) as [{ ok: boolean }];
				if (ack.ok) resolve();
				else reject(new Error(`thread:join: ${text}`));
			} else if (text.startsWith('44')) {
				reject(new Error(`connect refused: ${text}`));
			}
		});
		ws.once('error', reject);
		wsSockets.push(ws);
	});
}

boundLifetime();
onCommand<Command>(async (m) => {
	if (m.type === 'connect') {
		const started = Date.now();
		const slots = Array.from({ length: m.count }, (_, i) => i);
		await inBatches(slots, m.concurrency, async (i) => {
			try {
				if (m.kind === 'sio') await connectSio(m.url, m.slug, i === 0);
				else if (m.kind === 'eio') await connectEio(m.url, m.slug, i === 0);
				else await connectWs(m.url);
			} catch (error) {
				failed++;
				firstError ||= String(error);
			}
		});
		reply({
			type: 'connected',
			ok: m.count - failed,
			failed,
			firstError,
			ms: Date.now() - started
		});
	} else if (m.type === 'collect') {
		reply({ type: 'latencies', values: latencies.take(), frameBytes });
	} else if (m.type === 'close') {
		for (const s of sioSockets) s.disconnect();
		for (const w of wsSockets) w.terminate();
		reply({ type: 'closed' });
		setTimeout(() => process.exit(0), 100);
	}
});
reply({ type: 'ready' });
