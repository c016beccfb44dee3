import { json } from '@sveltejs/kit';
import { FilError } from '$server/errors/fil-error';
import { ensureSession } from '$lib/server/ensure-session';
import { httpStatusOf } from '$lib/server/form-errors';
import type { RequestHandler } from './$types';

/**
 * Called by the live client before its first post or reaction: sets the session cookie and
 * answers with the identity id (public: it is every comment's author id), so the page knows
 * its own comments. Too many new identities from one address: 429 with Retry-After.
 */
export const POST: RequestHandler = async (event) => {
	const origin = event.request.headers.get('origin');
	if (origin !== null && origin !== event.url.origin) {
		return json({ ok: false, error: { code: 'FORBIDDEN' } }, { status: 403 });
	}
	const headers = { 'cache-control': 'no-store' };
	const hadSession = event.locals.identityId !== null;
	let identityId: string;
	try {
		identityId = await ensureSession(event);
	} catch (error) {
		if (!(error instanceof FilError)) throw error;
		const payload = error.toPayload();
		if (payload.retryAfterMs !== undefined) {
			event.locals.retryAfterSeconds = Math.ceil(payload.retryAfterMs / 1000);
		}
		return json({ ok: false, error: payload }, { status: httpStatusOf(payload.code), headers });
	}
	return json({ ok: true, data: { created: !hadSession, identityId } }, { headers });
};
