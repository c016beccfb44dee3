import type { Handle } from '@sveltejs/kit';
import { SESSION_COOKIE, sessionCookieOptions } from '$server/auth/session-cookie';
import { validateSessionToken } from '$server/auth/session-service';

/** The session cookie: renewed when its expiry slides, removed when it is no longer valid. */
export const validateSession: Handle = async ({ event, resolve }) => {
	const { ctx } = event.locals;
	const token = event.cookies.get(SESSION_COOKIE);
	const session = await validateSessionToken(ctx.db, token, ctx.config.SESSION_DAYS);
	event.locals.identityId = session?.identityId ?? null;
	event.locals.sessionId = session?.id ?? null;
	if (session?.renewed && token) {
		event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, session.expiresAt));
	} else if (token && !session) {
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
	}
	return resolve(event);
};
