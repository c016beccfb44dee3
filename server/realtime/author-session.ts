import type { AppContext } from '../context/app-context.ts';
import { findSession } from '../auth/session-repository.ts';
import { FilError } from '../errors/fil-error.ts';
import type { FilSocket } from './socket-types.ts';

/**
 * An author's socket acts as the author (posts with the badge, sees held comments) only while
 * its session lives: ended by a password change, expiry or a sign-out elsewhere, the socket is
 * closed at its next command rather than at the next periodic check.
 */
export async function requireLiveAuthorSession(ctx: AppContext, socket: FilSocket): Promise<void> {
	const { sessionId } = socket.data;
	const session = sessionId ? await findSession(ctx.db, sessionId) : undefined;
	if (session && new Date(session.expires_at) > new Date()) return;
	ctx.logger.info('author socket closed: its session ended');
	// After the refusal below has been answered.
	setImmediate(() => socket.disconnect(true));
	throw new FilError('UNAUTHORIZED');
}
