import type { Handle } from '@sveltejs/kit';
import { getAppContext } from '$server/context/context-registry';
import { SESSION_COOKIE, sessionCookieOptions } from '$server/auth/session-cookie';
import { validateSessionToken } from '$server/auth/session-service';
import { hashIp, resolveClientIp } from '$server/security/ip-hash';
import { requireAuthorPage } from '$lib/server/require-author';

export const handle: Handle = async ({ event, resolve }) => {
	const ctx = getAppContext();
	event.locals.ctx = ctx;
	const ip = resolveClientIp(
		event.getClientAddress(),
		event.request.headers.get('x-forwarded-for') ?? undefined,
		ctx.config.TRUST_PROXY_HOPS
	);
	event.locals.ipHash = hashIp(ip, ctx.config.ipHashSecret);

	const token = event.cookies.get(SESSION_COOKIE);
	const session = await validateSessionToken(ctx.db, token, ctx.config.SESSION_DAYS);
	event.locals.identityId = session?.identityId ?? null;
	event.locals.sessionId = session?.id ?? null;
	if (session?.renewed && token) {
		event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, session.expiresAt));
	} else if (token && !session) {
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
	}

	// Every /admin request needs the author, page data included: a layout's own check can be
	// skipped by a data request that says the layout is still valid (x-sveltekit-invalidated).
	if (event.url.pathname === '/admin' || event.url.pathname.startsWith('/admin/')) {
		await requireAuthorPage(event);
	}

	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	if (event.locals.retryAfterSeconds !== undefined) {
		response.headers.set('Retry-After', String(event.locals.retryAfterSeconds));
	}
	return response;
};
