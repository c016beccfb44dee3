import type { AppContext } from '../context/app-context.ts';
import { deleteExpiredSessions } from './session-repository.ts';

/**
 * Expired sessions are only refused when presented; the ones never presented again would stay
 * forever. Every instance runs this (a DELETE of the same rows is harmless): at start, then
 * every `everyMs`.
 */
export function startSessionPurge(ctx: AppContext, everyMs: number): () => void {
	let running = false;
	const purge = () => {
		if (running) return;
		running = true;
		deleteExpiredSessions(ctx.db, new Date())
			.then((n) => {
				if (n > 0) ctx.logger.info('expired sessions deleted', { count: n });
			})
			.catch((error: unknown) => ctx.logger.warn('session purge failed', { error: String(error) }))
			.finally(() => {
				running = false;
			});
	};
	purge();
	const timer = setInterval(purge, everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
