import type { Db } from '../db/database.ts';
import type { Logger } from '../log/logger.ts';
import { deleteExpiredSessions } from './session-repository.ts';

/**
 * Expired sessions are only refused when presented; the ones never presented again would stay
 * forever. Every instance runs this (a DELETE of the same rows is harmless): at start, then
 * every `everyMs`.
 */
export function startSessionPurge(db: Db, logger: Logger, everyMs: number): () => void {
	let running = false;
	const purge = () => {
		if (running) return;
		running = true;
		deleteExpiredSessions(db, new Date())
			.then((n) => {
				if (n > 0) logger.info('expired sessions deleted', { count: n });
			})
			.catch((error: unknown) => logger.warn('session purge failed', { error: String(error) }))
			.finally(() => {
				running = false;
			});
	};
	purge();
	const timer = setInterval(purge, everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
