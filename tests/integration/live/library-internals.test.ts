import { readFileSync } from 'node:fs';
import { createServer, ServerResponse, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * server/realtime/idle-socket-state.ts and handshake-leftovers.ts rewrite private fields of
 * socket.io, engine.io and ws. Those three are pinned to exact versions in package.json; an
 * upgrade that moves or reshapes a field fails here, naming it, before it reaches P2 or a
 * reader.
 */
type Check = [field: string, holds: boolean];

function expectInternals(library: string, checks: Check[]): void {
	const moved = checks.filter(([, holds]) => !holds).map(([field]) => field);
	expect(
		moved,
		`${library} internals moved (see server/realtime/idle-socket-state.ts, handshake-leftovers.ts): ${moved.join(', ')}`
	).toEqual([]);
}

const isArray = (v: unknown) => Array.isArray(v);
const isNullProtoObject = (v: unknown) =>
	typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === null;

let http: HttpServer;
let server: Server;
let client: Socket;
let socket: ServerSocket;
const standIns: { closeListenerHasInner: boolean }[] = [];
let upgradeErrorListeners = -1;

beforeAll(async () => {
	http = createServer();
	server = new Server(http, { perMessageDeflate: false });
	// What handshake-leftovers.ts finds in engine.io's middleware: the response stand-in's
	// `close` listener on the TCP socket, last, wrapped by `once`.
	server.engine.use((_req: unknown, res: { socket?: NetSocket }, next: () => void) => {
		if (!(res instanceof ServerResponse) && res.socket) {
			const last = res.socket.rawListeners('close').at(-1) as { listener?: unknown } | undefined;
			standIns.push({ closeListenerHasInner: typeof last?.listener === 'function' });
		}
		next();
	});
	server.engine.on('connection', (raw: { transport?: { socket?: NodeJS.EventEmitter } }) => {
		const ws = raw.transport?.socket;
		upgradeErrorListeners =
			ws?.listeners('error').filter((l) => l.name === 'onUpgradeError').length ?? -1;
	});
	const connected = new Promise<ServerSocket>((resolve) =>
		server.on('connection', (s) => {
			s.onAny(() => {});
			resolve(s);
		})
	);
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	client = io(url, { transports: ['websocket'], forceNew: true });
	socket = await connected;
});

afterAll(async () => {
	client.disconnect();
	await server.close();
});

describe('the library internals Fil rewrites', () => {
	it('are the pinned versions', () => {
		const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
			dependencies: Record<string, string>;
		};
		for (const name of ['socket.io', 'engine.io', 'ws']) {
			const installed = (
				JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as {
					version: string;
				}
			).version;
			expect(pkg.dependencies[name], `${name} must be pinned to an exact version`).toMatch(
				/^\d+\.\d+\.\d+$/
			);
			expect(installed, `${name} installed is not the pinned version`).toBe(pkg.dependencies[name]);
		}
	});

	it('socket.io: acks, any-listeners, the decoder, the handshake, the listeners object', () => {
		const s = socket as unknown as Record<string, unknown> & {
			client: { decoder: { opts?: Record<string, unknown>; _callbacks?: Record<string, unknown> } };
		};
		const opts = s.client?.decoder?.opts;
		expectInternals('socket.io', [
			['socket.acks (a Map)', s.acks instanceof Map],
			['socket._anyListeners (an array)', isArray(s._anyListeners)],
			[
				'socket.client.decoder.opts (reviver, maxAttachments)',
				!!opts && 'reviver' in opts && opts.maxAttachments === 10
			],
			[
				'socket.client.decoder._callbacks.$decoded (an array)',
				isArray(s.client?.decoder?._callbacks?.$decoded)
			],
			[
				'socket.handshake (a plain object)',
				typeof s.handshake === 'object' && s.handshake !== null
			],
			['socket._events (null-prototype)', isNullProtoObject(s._events)]
		]);
	});

	it('engine.io: the request, clean-up functions, the transport, the response stand-in', () => {
		const conn = socket.conn as unknown as Record<string, unknown> & {
			transport?: Record<string, unknown> & { socket?: Record<string, unknown> };
		};
		expectInternals('engine.io', [
			[
				'conn.request (the upgrade request)',
				typeof conn.request === 'object' && conn.request !== null
			],
			['conn.cleanupFn (an array)', isArray(conn.cleanupFn)],
			['conn._events (null-prototype)', isNullProtoObject(conn._events)],
			['conn.transport._events (null-prototype)', isNullProtoObject(conn.transport?._events)],
			[
				"the response stand-in's `close` listener, last on the TCP socket",
				standIns.length > 0 && standIns.every((s) => s.closeListenerHasInner)
			]
		]);
	});

	it('ws: the WebSocket under the transport and its upgrade error listener', () => {
		const ws = (socket.conn as unknown as { transport?: { socket?: Record<string, unknown> } })
			.transport?.socket;
		expectInternals('ws', [
			['conn.transport.socket._events (null-prototype)', isNullProtoObject(ws?._events)],
			["one 'error' listener named onUpgradeError", upgradeErrorListeners === 1]
		]);
	});
});
