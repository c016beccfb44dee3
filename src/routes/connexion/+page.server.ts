import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { SESSION_COOKIE, sessionCookieOptions } from '$server/auth/session-cookie';
import { invalidateSession } from '$server/auth/session-service';
import { signInAuthor } from '$server/authors/author-service';
import { failFromError } from '$lib/server/form-errors';
import { readForm } from '$lib/server/form-fields';
import { findSignedInAuthor } from '$lib/server/require-author';
import type { Actions, PageServerLoad } from './$types';

/** Where to go after signing in: only back into the site, never elsewhere. */
const nextSchema = z
	.string()
	.regex(/^\/(?:admin|articles)(?:\/[a-z0-9-]+)*$/)
	.catch('/admin');

function nextOf(url: URL): string {
	return nextSchema.parse(url.searchParams.get('suite') ?? '/admin');
}

export const load: PageServerLoad = async (event) => {
	if (await findSignedInAuthor(event)) redirect(303, nextOf(event.url));
	return { next: nextOf(event.url) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event);
		const email = form.get('email');
		const password = form.get('password');
		const values = { email: typeof email === 'string' ? email : '' };
		const { ctx } = event.locals;
		try {
			const { token, expiresAt } = await signInAuthor(
				ctx,
				{ email, password: typeof password === 'string' ? password : '' },
				event.locals.ipHash
			);
			// A new session for the author; the browser's reader session, if any, ends here.
			if (event.locals.sessionId) await invalidateSession(ctx.db, event.locals.sessionId);
			event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, expiresAt));
		} catch (e) {
			return failFromError(event, e, 'signin', values);
		}
		redirect(303, nextOf(event.url));
	}
};
