import type { Handle } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$server/auth/session-cookie';
import { resolveAnonymous } from '../anonymous-page';

/** Without a session cookie nothing on the page is personal: the article page may be cached. */
export const cacheAnonymousPages: Handle = ({ event, resolve }) =>
	event.cookies.get(SESSION_COOKIE) ? resolve(event) : resolveAnonymous(event, resolve);
