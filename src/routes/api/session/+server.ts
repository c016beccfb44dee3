import { json } from '@sveltejs/kit';
import { ensureSession } from '$lib/server/ensure-session';
import type { RequestHandler } from './$types';

/**
 * Called by the live client before its first post or reaction: sets the session cookie and
 * answers with the identity id (public: it is every comment's author id), so the page knows
 * its own comments.
 */
export const POST: RequestHandler = async (event) => {
	const origin = event.request.headers.get('origin');
	if (origin !== null && origin !== event.url.origin) {
		return json({ ok: false, error: { code: 'FORBIDDEN' } }, { status: 403 });
	}
	const hadSession = event.locals.identityId !== null;
	const identityId = await ensureSession(event);
	return json(
		{ ok: true, data: { created: !hadSession, identityId } },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
