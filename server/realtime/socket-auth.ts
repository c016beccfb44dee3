import type { AppContext } from '../context/app-context.ts';
import { identityRoom } from '../contract/events.ts';
import { readCookie, SESSION_COOKIE } from '../auth/session-cookie.ts';
import { validateSessionToken } from '../auth/session-service.ts';
import { hashIp, resolveClientIp } from '../security/ip-hash.ts';
import { FilError } from '../errors/fil-error.ts';
import type { FilServer, FilSocket } from './socket-types.ts';
import { findAuthorByIdentityId } from '../authors/author-repository.ts';
import { sessionRoom } from './broadcast.ts';

/** A browser may only open sockets from our own origin; other programs send no Origin. */
export function isAllowedOrigin(
	origin: string | undefined,
	host: string | undefined,
	configured?: string
): boolean {
	if (!origin) return true;
	if (configured) return origin === new URL(configured).origin;
	try {
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}

/** Identifies each socket from the session cookie and its address, before any event. */
export function useSocketAuth(io: FilServer, ctx: AppContext): void {
	io.use((socket: FilSocket, next) => {
		const req = socket.request;
		const ip = resolveClientIp(
			req.socket.remoteAddress,
			req.headers['x-forwarded-for'],
			ctx.config.TRUST_PROXY_HOPS
		);
		const ipHash = hashIp(ip, ctx.config.ipHashSecret);
		socket.data.ipHash = ipHash;
		socket.data.articleSlug = null;
		socket.data.identityId = null;
		socket.data.sessionId = null;
		socket.data.isAuthor = false;
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
					void socket.join(identityRoom(session.identityId));
					void socket.join(sessionRoom(session.id));
				}
				next();
			})
			.catch((error: unknown) => {
				const err = new Error(error instanceof FilError ? error.code : 'INTERNAL') as Error & {
					data?: unknown;
				};
				if (error instanceof FilError) err.data = error.toPayload();
				else ctx.logger.error('socket handshake failed', { error: String(error) });
				next(err);
			});
	});
}
