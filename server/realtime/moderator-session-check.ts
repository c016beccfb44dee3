import type { AppContext } from '../context/app-context.ts';
import { AUTHORS_ROOM, MODERATORS_ROOM } from '../contract/events.ts';
import { findLiveSessionIds } from '../auth/session-repository.ts';
import type { FilServer } from './socket-types.ts';

/**
 * A moderator socket receives e-mail addresses, an author's article page the held comments:
 * neither may outlive its session. Sign-out on this instance disconnects them at once
 * (session:ended); a password changed from the CLI, a sign-out seen by another process or
 * plain expiry are caught here, every `everyMs`, with one query for all of this instance's
 * author sockets (and at each command they send, see author-session.ts).
 */
export function startModeratorSessionCheck(
	io: FilServer,
	ctx: AppContext,
	everyMs: number
): () => void {
	let running = false;
	const check = async () => {
		if (running) return;
		running = true;
		try {
			const sockets = await io.local.in([MODERATORS_ROOM, AUTHORS_ROOM]).fetchSockets();
			if (sockets.length === 0) return;
			const ids = sockets.map((s) => s.data.sessionId).filter((id): id is string => !!id);
			const live = await findLiveSessionIds(ctx.db, [...new Set(ids)], new Date());
			for (const socket of sockets) {
				if (socket.data.sessionId && live.has(socket.data.sessionId)) continue;
				ctx.logger.info('author socket closed: its session ended');
				socket.disconnect(true);
			}
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => {
		check().catch((error: unknown) =>
			ctx.logger.warn('moderator session check failed', { error: String(error) })
		);
	}, everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
