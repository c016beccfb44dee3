import type { Server as HttpServer } from 'node:http';
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

export function attachSocketServer(httpServer: HttpServer, ctx: AppContext): SocketServerHandle {
	const io: FilServer = new Server(httpServer, {
		serveClient: false,
		maxHttpBufferSize: LIMITS.maxPayloadBytes,
		allowRequest: (req, callback) => {
			callback(null, isAllowedOrigin(req.headers.origin, req.headers.host, ctx.config.ORIGIN));
		}
	});
	useSocketAuth(io, ctx);
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
