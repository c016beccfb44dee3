import { redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$server/auth/session-cookie';
import { signOut } from '$server/authors/author-service';
import type { RequestHandler } from './$types';

/** POST only (SvelteKit refuses cross-site form posts); GET changes nothing. */
export const POST: RequestHandler = async (event) => {
	await signOut(event.locals.ctx, event.locals.sessionId);
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/');
};
