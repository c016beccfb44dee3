import type { AppContext } from '../context/app-context.ts';
import { articleRoom } from '../contract/events.ts';
import type { FilServer } from './socket-types.ts';

/**
 * With several instances the count also changes without a join or leave here: another
 * instance crashed and its readers expired. Each instance re-counts its own articles now and
 * then and tells its own sockets (no publish: every instance does the same) when it changed.
 */
export function startPresenceRefresh(io: FilServer, ctx: AppContext, everyMs: number): () => void {
	const last = new Map<string, number>();
	let running = false;
	const refresh = async () => {
		if (running) return;
		running = true;
		try {
			const slugs = ctx.presence.localSlugs();
			for (const slug of slugs) {
				const count = await ctx.presence.count(slug);
				if (last.get(slug) === count) continue;
				last.set(slug, count);
				io.local.to(articleRoom(slug)).emit('presence:updated', { articleSlug: slug, count });
			}
			for (const slug of last.keys()) if (!slugs.includes(slug)) last.delete(slug);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => {
		refresh().catch((error: unknown) =>
			ctx.logger.debug('presence refresh failed', { error: String(error) })
		);
	}, everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
