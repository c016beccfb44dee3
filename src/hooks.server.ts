import { error, type Handle, type HandleServerError } from '@sveltejs/kit';
import { ERROR_MESSAGES } from '$contract/errors';
import { getAppContext } from '$server/context/context-registry';
import { SESSION_COOKIE, sessionCookieOptions } from '$server/auth/session-cookie';
import { validateSessionToken } from '$server/auth/session-service';
import { hashIp, resolveClientIp } from '$server/security/ip-hash';
import { SECURITY_HEADERS } from '$server/http/security-headers';
import { requireAuthorPage } from '$lib/server/require-author';
import { resolveAnonymous } from '$lib/server/anonymous-page';

export const handle: Handle = async ({ event, resolve }) => {
	// SvelteKit takes `?/default` for a programming error (500); from outside it is a wrong address.
	if (event.url.searchParams.has('/default')) {
		error(404, { message: ERROR_MESSAGES.NOT_FOUND, code: 'NOT_FOUND' });
	}
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
	// Decided on the route SvelteKit matched, not the raw path: `/%61dmin` is `/admin` too.
	const isAdmin = isAdminRoute(event.route.id);
	if (isAdmin) await requireAuthorPage(event);

	// Without a session cookie nothing on the page is personal: the article page may be cached.
	let response = token ? await resolve(event) : await resolveAnonymous(event, resolve);
	if (event.locals.pageStatus !== undefined && response.status === 200) {
		response = new Response(response.body, {
			status: event.locals.pageStatus,
			headers: response.headers
		});
	}
	// Admin answers carry e-mail addresses: never kept by a shared cache or the back button.
	if (isAdmin) response.headers.set('cache-control', 'private, no-store');
	// server/index.ts sets them on every response; here too for `vite dev`.
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	if (event.locals.retryAfterSeconds !== undefined) {
		response.headers.set('Retry-After', String(event.locals.retryAfterSeconds));
	}
	return response;
};

function isAdminRoute(routeId: string | null): boolean {
	return routeId === '/admin' || (routeId?.startsWith('/admin/') ?? false);
}

/**
 * A 4xx here is the sender's mistake (unknown page, a body that is not a form…): no log line,
 * so nobody can fill the logs with them. Anything else is ours: one line, no stack, no input.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status < 500) return { message };
	getAppContext().logger.error('request failed', {
		method: event.request.method,
		route: event.route.id,
		status,
		error: String(error)
	});
	return { message: ERROR_MESSAGES.INTERNAL, code: 'INTERNAL' };
};
