import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compactIdleSocket } from '../../../server/realtime/idle-socket-state.ts';
import type { FilSocket } from '../../../server/realtime/socket-types.ts';
import { eventually } from '../../helpers/wait.ts';

/**
 * A bare Socket.IO server with fast heartbeats whose sockets are compacted as Fil's are: what
 * the compaction touches (listeners, acks, the decoder, engine.io's arrays) must still work.
 */
let http: HttpServer;
let server: Server;
let url: string;
const connected: ServerSocket[] = [];
const disconnects: string[] = [];
const clients: Socket[] = [];

function connect(): Promise<Socket> {
	const client = io(url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 50 });
	clients.push(client);
	return new Promise((resolve) => client.once('connect', () => resolve(client)));
}

beforeAll(async () => {
	http = createServer();
	server = new Server(http, { pingInterval: 60, pingTimeout: 120, perMessageDeflate: false });
	server.on('connection', (socket) => {
		socket.onAny((name: string, ...args: unknown[]) => {
			const ack = args.pop();
			if (typeof ack === 'function') ack({ name, args });
		});
		socket.on('disconnect', (reason) => disconnects.push(reason));
		void socket.join('room');
		compactIdleSocket(socket as unknown as FilSocket);
		connected.push(socket);
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(() => {
	for (const client of clients.splice(0)) client.disconnect();
});

afterAll(async () => {
	await server.close();
});

describe('a compacted idle socket', () => {
	it('keeps its heartbeat, acks, rooms and disconnect', async () => {
		const client = await connect();
		const socket = connected.at(-1)!;
		// Several ping intervals: only answered pings keep it open.
		await new Promise((r) => setTimeout(r, 500));
		expect(client.connected).toBe(true);
		expect(await client.emitWithAck('echo', { n: 1 })).toEqual({ name: 'echo', args: [{ n: 1 }] });
		const heard = new Promise((resolve) => client.once('hello', resolve));
		server.to('room').emit('hello', 'all');
		expect(await heard).toBe('all');
		const before = disconnects.length;
		client.disconnect();
		await eventually('a disconnect', () => disconnects.length > before);
		expect(disconnects.at(-1)).toBe('client namespace disconnect');
		expect(socket.rooms.size).toBe(0);
	});

	it('still times out a client that stops answering pings', async () => {
		const before = disconnects.length;
		const raw = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
		raw.on('message', (data) => {
			if (String(data).startsWith('0')) raw.send('40');
		});
		await eventually('a disconnect', () => disconnects.length > before);
		expect(disconnects.at(-1)).toBe('ping timeout');
		raw.terminate();
	});

	it('reconnects when the server closes the transport', async () => {
		const client = await connect();
		const count = connected.length;
		connected.at(-1)!.conn.close();
		await eventually('a reconnection', () => connected.length > count && client.connected);
		expect(await client.emitWithAck('again')).toEqual({ name: 'again', args: [] });
	});

	it('refuses a server → client ack instead of sharing one acks map', async () => {
		await connect();
		const socket = connected.at(-1)!;
		expect(() => socket.emit('ask', () => {})).toThrow(/acks are off/);
	});
});
