import type { IncomingMessage } from 'node:http';
import type { AppContext } from '../context/app-context.ts';
import { AUTHORS_ROOM, identityRoom } from '../contract/events.ts';
import { readCookie, SESSION_COOKIE } from '../auth/session-cookie.ts';
import { validateSessionToken } from '../auth/session-service.ts';
import { hashIp, resolveClientIp } from '../security/ip-hash.ts';
import { FilError } from '../errors/fil-error.ts';
import type { FilServer, FilSocket } from './socket-types.ts';
import { findAuthorByIdentityId } from '../authors/author-repository.ts';
import { sessionRoom } from './broadcast.ts';

/**
 * A browser may only open sockets from our own origin, scheme included (as SvelteKit checks
 * forms); other programs send no Origin. Without ORIGIN, ours is the Host header with the
 * connection's scheme, or the trusted proxy's X-Forwarded-Proto.
 */
export function isAllowedOrigin(
	origin: string | undefined,
	req: { host?: string; protocol: 'http' | 'https' },
	configured?: string
): boolean {
	if (!origin) return true;
	if (configured) return origin === new URL(configured).origin;
	try {
		const url = new URL(origin);
		return url.host === req.host && url.protocol === `${req.protocol}:`;
	} catch {
		return false;
	}
}

/** The scheme the browser used: TLS here, or what the trusted proxy in front says. */
export function requestProtocol(req: IncomingMessage, trustProxyHops: number): 'http' | 'https' {
	if ('encrypted' in req.socket && req.socket.encrypted) return 'https';
	const forwarded = req.headers['x-forwarded-proto'];
	const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
	return trustProxyHops > 0 && first === 'https' ? 'https' : 'http';
}

/** Identifies each socket from the session cookie and its address, before any event. */
export function useSocketAuth(io: FilServer, ctx: AppContext): void {
	io.use((socket: FilSocket, next) => {
		const req = socket.request as FilSocket['request'] | null;
		// Released once the connection's first namespace connect is done (handshake-leftovers.ts):
		// a second connect on the same connection has nothing to be identified by.
		if (!req) return next(toConnectError(new FilError('UNAVAILABLE'), ctx));
		const ip = resolveClientIp(
			req.socket.remoteAddress,
			req.headers['x-forwarded-for'],
			ctx.config.TRUST_PROXY_HOPS
		);
		const ipHash = hashIp(ip, ctx.config.ipHashSecret);
		// One literal, so the five fields live inside the object (no extra property store).
		socket.data = { identityId: null, sessionId: null, isAuthor: false, ipHash, articleSlug: null };
		ctx.limits
			.consume('connectionIp', ipHash)
			.then(() =>
				validateSessionToken(
					ctx.db,
					readCookie(req.headers.cookie, SESSION_COOKIE),
					ctx.config.SESSION_DAYS
				)
			)
			.then(async (session) => {
				socket.data.identityId = session?.identityId ?? null;
				socket.data.sessionId = session?.id ?? null;
				if (session) {
					socket.data.isAuthor =
						(await findAuthorByIdentityId(ctx.db, session.identityId)) !== undefined;
					if (socket.data.isAuthor) void socket.join(AUTHORS_ROOM);
					void socket.join(identityRoom(session.identityId));
					void socket.join(sessionRoom(session.id));
				}
				next();
			})
			.catch((error: unknown) => next(toConnectError(error, ctx)));
	});
}

/** What the client's `connect_error` carries: the code, and the payload for the UI. */
function toConnectError(error: unknown, ctx: AppContext): Error {
	const err = new Error(error instanceof FilError ? error.code : 'INTERNAL') as Error & {
		data?: unknown;
	};
	if (error instanceof FilError) err.data = error.toPayload();
	else ctx.logger.error('socket handshake failed', { error: String(error) });
	return err;
}
