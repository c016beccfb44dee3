import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE, sessionCookieOptions } from '$server/auth/session-cookie';
import { createSession } from '$server/auth/session-service';
import { createAnonymousIdentity } from '$server/identity/identity-service';
import { parseInput } from '$server/errors/fil-error';

/** Binds this browser to an identity, creating an anonymous one on its first action. */
export async function ensureSession(event: RequestEvent): Promise<string> {
	if (event.locals.identityId) return event.locals.identityId;
	const { ctx } = event.locals;
	const identity = await createAnonymousIdentity(ctx.db);
	const { token, expiresAt } = await createSession(ctx.db, identity.id, ctx.config.SESSION_DAYS);
	event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, expiresAt));
	event.locals.identityId = identity.id;
	return identity.id;
}

/**
 * The same, but a browser without a session gets one only for a well-formed request: a
 * malformed post is refused before any identity or session row is written for it.
 */
export async function ensureSessionFor(
	event: RequestEvent,
	schema: Parameters<typeof parseInput>[0],
	input: unknown
): Promise<string> {
	if (!event.locals.identityId) parseInput(schema, input);
	return ensureSession(event);
}
