import { ServerResponse, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AppContext } from '../context/app-context.ts';
import { buildErrorPayload } from '../contract/errors.ts';
import { LIMITS } from '../contract/schemas.ts';
import type { InFlight } from '../http/in-flight.ts';
import type { RedisLink } from '../redis/redis-link.ts';
import { createPresenceAnnouncer, subscribeBroadcasts } from './broadcast.ts';
import { startModeratorSessionCheck } from './moderator-session-check.ts';
import { startPresenceRefresh } from './presence-refresh.ts';
import { attachRedisAdapter } from './redis-adapter.ts';
import { registerSocketHandlers } from './socket-handlers.ts';
import { isAllowedOrigin, requestProtocol, useSocketAuth } from './socket-auth.ts';
import type { FilServer, FilSocket } from './socket-types.ts';

export interface SocketServerHandle {
	io: FilServer;
	close(): Promise<void>;
}

export interface SocketServerOptions {
	redisLink?: RedisLink | null;
	inFlight?: InFlight;
}

/**
 * Every command with an acknowledgement counts as in flight until it is answered, so a
 * shutdown waits for it; once draining, new commands are answered UNAVAILABLE at once.
 */
function trackCommands(socket: FilSocket, inFlight: InFlight): void {
	socket.use((packet, next) => {
		const last = packet.length - 1;
		const ack = packet[last] as unknown;
		if (last < 1 || typeof ack !== 'function') return next();
		if (inFlight.draining) {
			(ack as (a: unknown) => void)({ ok: false, error: buildErrorPayload('UNAVAILABLE') });
			return;
		}
		const end = inFlight.begin();
		packet[last] = (...args: unknown[]) => {
			end();
			(ack as (...a: unknown[]) => void)(...args);
		};
		next();
	});
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
	releaseUpgradeRequests(io);
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
	io.on('connection', (socket) => {
		if (options.inFlight) trackCommands(socket, options.inFlight);
		registerSocketHandlers(ctx, socket, (slug) => presence.announce(slug));
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
