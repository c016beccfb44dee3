import type { Handle } from '@sveltejs/kit';
import { SECURITY_HEADERS } from '$server/http/security-headers';

/**
 * server/index.ts sets the security headers on every response; here too for `vite dev`. A page
 * that renders fine but answers a refusal gets its status (src/lib/server/link-status.ts), and
 * a rate-limited one its Retry-After.
 */
export const setResponseHeaders: Handle = async ({ event, resolve }) => {
	let response = await resolve(event);
	if (event.locals.pageStatus !== undefined && response.status === 200) {
		response = new Response(response.body, {
			status: event.locals.pageStatus,
			headers: response.headers
		});
	}
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	if (event.locals.retryAfterSeconds !== undefined) {
		response.headers.set('Retry-After', String(event.locals.retryAfterSeconds));
	}
	return response;
};
