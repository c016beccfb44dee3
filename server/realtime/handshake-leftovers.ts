import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import type { FilServer, FilSocket } from './socket-types.ts';

type Handshake = FilSocket['handshake'];

type Listener = (...args: unknown[]) => void;

/**
 * What a socket keeps of its handshake once the middleware is done with it. Every idle socket
 * paid for it (P2): nothing reads it afterwards — handlers read `socket.data`, filled by
 * useSocketAuth, and `socket.request`, `socket.handshake` are empty from then on.
 */
const RELEASED_HANDSHAKE: Handshake = Object.freeze({
	headers: Object.freeze({}),
	time: '',
	address: '',
	xdomain: false,
	secure: false,
	issued: 0,
	url: '',
	query: Object.freeze({}),
	auth: Object.freeze({})
}) as Handshake;

/**
 * Engine.IO keeps, per WebSocket connection: the upgrade request (headers, buffers, streams)
 * as `conn.request`; a response stand-in held by a `close` listener on the TCP socket (it
 * only re-emits `close` for HTTP middlewares, and ours listen to no response); an `error`
 * listener on the WebSocket for errors before the handshake; and Socket.IO the `handshake`
 * copy of the request. About 1.5 KB per socket together.
 */
export function releaseHandshakeLeftovers(io: FilServer): void {
	io.engine.use((_req: IncomingMessage, res: { socket?: NetSocket }, next: () => void) => {
		if (!(res instanceof ServerResponse) && res.socket) {
			// Added by the stand-in's constructor just before the middlewares run: the last one.
			const last = res.socket.rawListeners('close').at(-1) as
				(Listener & { listener?: Listener }) | undefined;
			if (last?.listener) res.socket.removeListener('close', last);
		}
		next();
	});
	io.engine.on('connection', (raw: { transport?: { socket?: NetSocket } }) => {
		const ws = raw.transport?.socket;
		for (const listener of ws?.listeners('error') ?? []) {
			if (listener.name === 'onUpgradeError') ws?.removeListener('error', listener as Listener);
		}
	});
	io.use((socket, next) => {
		(socket.conn as unknown as { request: unknown }).request = null;
		(socket as { handshake: Handshake }).handshake = RELEASED_HANDSHAKE;
		next();
	});
}
