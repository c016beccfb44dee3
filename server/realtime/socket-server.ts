import { ServerResponse, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AppContext } from '../context/app-context.ts';
import { LIMITS } from '../contract/schemas.ts';
import { createPresenceAnnouncer, subscribeBroadcasts } from './broadcast.ts';
import { registerSocketHandlers } from './socket-handlers.ts';
import { isAllowedOrigin, useSocketAuth } from './socket-auth.ts';
import type { FilServer } from './socket-types.ts';

export interface SocketServerHandle {
	io: FilServer;
	close(): Promise<void>;
}

/**
 * Each open socket kept its upgrade request (headers, buffers, streams: about 1 KB) for its
 * whole life; nothing reads it after the handshake middleware. Engine.IO holds it twice:
 * as `conn.request` and from the upgrade's response object. Handlers that need the address
 * or headers use `socket.data` (filled by useSocketAuth) or `socket.handshake`.
 */
function releaseUpgradeRequests(io: FilServer): void {
	const responses = new WeakMap<IncomingMessage, { req?: unknown }>();
	io.engine.use((req: IncomingMessage, res: { req?: unknown }, next: () => void) => {
		if (!(res instanceof ServerResponse)) responses.set(req, res);
		next();
	});
	io.engine.on('connection', (raw: { request: IncomingMessage }) => {
		const res = responses.get(raw.request);
		if (res) res.req = undefined;
	});
	io.use((socket, next) => {
		(socket.conn as unknown as { request: unknown }).request = null;
		next();
	});
}

export function attachSocketServer(httpServer: HttpServer, ctx: AppContext): SocketServerHandle {
	const io: FilServer = new Server(httpServer, {
		serveClient: false,
		maxHttpBufferSize: LIMITS.maxPayloadBytes,
		// Stated, not defaulted: compressing each frame per socket would undo the one-frame
		// broadcast (Socket.IO encodes a broadcast's WebSocket frame once for all sockets).
		perMessageDeflate: false,
		allowRequest: (req, callback) => {
			callback(null, isAllowedOrigin(req.headers.origin, req.headers.host, ctx.config.ORIGIN));
		}
	});
	useSocketAuth(io, ctx);
	releaseUpgradeRequests(io);
	const presence = createPresenceAnnouncer(io, ctx);
	const unsubscribe = subscribeBroadcasts(io, ctx);
	io.on('connection', (socket) =>
		registerSocketHandlers(ctx, socket, (slug) => presence.announce(slug))
	);
	return {
		io,
		close: async () => {
			unsubscribe();
			presence.stop();
			await io.close();
		}
	};
}
