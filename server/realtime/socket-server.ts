import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AppContext } from '../context/app-context.ts';
import { LIMITS } from '../contract/schemas.ts';
import type { InFlight } from '../http/in-flight.ts';
import type { RedisLink } from '../redis/redis-link.ts';
import { createPresenceAnnouncer, subscribeBroadcasts } from './broadcast.ts';
import { startModeratorSessionCheck } from './moderator-session-check.ts';
import { startPresenceRefresh } from './presence-refresh.ts';
import { attachRedisAdapter } from './redis-adapter.ts';
import { createSocketHandlers } from './socket-handlers.ts';
import { releaseHandshakeLeftovers } from './handshake-leftovers.ts';
import { compactIdleSocket } from './idle-socket-state.ts';
import { isAllowedOrigin, requestProtocol, useSocketAuth } from './socket-auth.ts';
import type { FilServer } from './socket-types.ts';

export interface SocketServerHandle {
	io: FilServer;
	close(): Promise<void>;
}

export interface SocketServerOptions {
	redisLink?: RedisLink | null;
	inFlight?: InFlight;
}

export function attachSocketServer(
	httpServer: HttpServer,
	ctx: AppContext,
	options: SocketServerOptions = {}
): SocketServerHandle {
	const io: FilServer = new Server(httpServer, {
		serveClient: false,
		maxHttpBufferSize: LIMITS.maxPayloadBytes,
		// Stated, not defaulted: compressing each frame per socket would undo the one-frame
		// broadcast (Socket.IO encodes a broadcast's WebSocket frame once for all sockets).
		perMessageDeflate: false,
		allowRequest: (req, callback) => {
			const protocol = requestProtocol(req, ctx.config.TRUST_PROXY_HOPS);
			const allowed = isAllowedOrigin(
				req.headers.origin,
				{ host: req.headers.host, protocol },
				ctx.config.ORIGIN
			);
			callback(null, allowed);
		}
	});
	const stopResync = options.redisLink
		? attachRedisAdapter(io, options.redisLink, ctx.config.REDIS_KEY_PREFIX, ctx.logger)
		: () => {};
	useSocketAuth(io, ctx);
	releaseHandshakeLeftovers(io);
	const presence = createPresenceAnnouncer(io, ctx);
	const unsubscribe = subscribeBroadcasts(io, ctx);
	const stopRefresh = options.redisLink
		? startPresenceRefresh(io, ctx, ctx.config.PRESENCE_TTL_SECONDS * 500)
		: () => {};
	const stopSessionCheck = startModeratorSessionCheck(
		io,
		ctx,
		ctx.config.MODERATOR_SESSION_CHECK_SECONDS * 1000
	);
	const handlers = createSocketHandlers({
		ctx,
		inFlight: options.inFlight,
		announcePresence: (slug) => presence.announce(slug)
	});
	io.on('connection', (socket) => {
		handlers.attach(socket);
		// Last: every listener of the connection is attached by now.
		compactIdleSocket(socket);
	});
	return {
		io,
		close: async () => {
			stopResync();
			stopRefresh();
			stopSessionCheck();
			unsubscribe();
			presence.stop();
			// Closing the transports (not a server "disconnect") makes clients reconnect by themselves.
			await io.close();
		}
	};
}
