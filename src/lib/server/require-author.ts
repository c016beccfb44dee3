import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { ERROR_MESSAGES } from '$contract/errors';
import { findAuthorByIdentityId } from '$server/authors/author-repository';
import type { AuthorRow } from '$server/db/schema';
import type { Moderator } from '$server/moderation/moderator';

export async function findSignedInAuthor(event: RequestEvent): Promise<AuthorRow | undefined> {
	return findAuthorByIdentityId(event.locals.ctx.db, event.locals.identityId);
}

/**
 * Admin pages: anyone but a signed-in author is sent to the sign-in page. A form post is
 * answered 401/403 instead (its action refused already; this load would otherwise redirect).
 */
export async function requireAuthorPage(event: RequestEvent): Promise<AuthorRow> {
	const author = await findSignedInAuthor(event);
	if (author) return author;
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') {
		await requireAuthorAction(event);
	}
	redirect(303, `/connexion?suite=${encodeURIComponent(event.url.pathname)}`);
}

/** Admin actions: 401 without a session, 403 with a reader's; checked by every action itself. */
export async function requireAuthorAction(event: RequestEvent): Promise<Moderator> {
	if (!event.locals.identityId) {
		error(401, { message: ERROR_MESSAGES.UNAUTHORIZED, code: 'UNAUTHORIZED' });
	}
	const author = await findSignedInAuthor(event);
	if (!author) error(403, { message: ERROR_MESSAGES.FORBIDDEN, code: 'FORBIDDEN' });
	return { kind: 'author', authorId: author.id };
}
