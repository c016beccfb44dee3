import { sequence } from '@sveltejs/kit/hooks';
import type { HandleServerError } from '@sveltejs/kit';
import { ERROR_MESSAGES } from '$contract/errors';
import { getAppContext } from '$server/context/context-registry';
import { refuseReservedAction } from '$lib/server/hooks/refuse-reserved-action';
import { attachContext } from '$lib/server/hooks/attach-context';
import { validateSession } from '$lib/server/hooks/validate-session';
import { setResponseHeaders } from '$lib/server/hooks/set-response-headers';
import { guardAdmin } from '$lib/server/hooks/guard-admin';
import { cacheAnonymousPages } from '$lib/server/hooks/cache-anonymous-pages';

/** Each request, in this order; a response goes back through them in the reverse order. */
export const handle = sequence(
	refuseReservedAction,
	attachContext,
	validateSession,
	setResponseHeaders,
	guardAdmin,
	cacheAnonymousPages
);

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
