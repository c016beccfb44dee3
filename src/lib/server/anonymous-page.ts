import type { RequestEvent } from '@sveltejs/kit';
import { findArticleState } from '$server/articles/article-repository';
import { pageCacheKey } from '$server/cache/page-cache';

/**
 * Resolves a request of a reader without a session through the page cache: a hit costs one
 * read of the article's row (server/http/cached-page.ts answers most hits before SvelteKit);
 * a miss renders with a known idempotency key and keeps the page if it is a plain 200 that
 * set no cookie. Misses of a page already being rendered wait for that render.
 */
export async function resolveAnonymous(
	event: RequestEvent,
	resolve: (event: RequestEvent) => Response | Promise<Response>
): Promise<Response> {
	// SvelteKit strips `/__data.json` and the like from `event.url`: only the page itself.
	const asked = new URL(event.request.url).pathname;
	if (event.isDataRequest || event.isSubRequest || asked !== event.url.pathname) {
		return resolve(event);
	}
	const target = pageCacheKey(event.request.method, event.url);
	if (!target) return resolve(event);
	const { db, pageCache } = event.locals.ctx;
	// The version is read before the render: an event in between makes the kept page look
	// older than it is, never newer.
	const state = await findArticleState(db, target.slug);
	if (!state) return resolve(event);
	let hit = pageCache.take(target.key, state);
	if (!hit && (await pageCache.waitForRender(target.key, state))) {
		hit = pageCache.take(target.key, state);
	}
	if (hit) return new Response(hit.body, { status: hit.status, headers: [...hit.headers] });
	const finish = pageCache.beginRender(target.key, state);
	try {
		const pageKey = crypto.randomUUID();
		event.locals.pageKey = pageKey;
		event.locals.ctx.logger.debug('anonymous page rendered', { slug: target.slug });
		const response = await resolve(event);
		const html = response.headers.get('content-type')?.startsWith('text/html');
		if (response.status !== 200 || !html || response.headers.has('set-cookie')) return response;
		const text = await response.text();
		pageCache.store(target.key, state, pageKey, response, text);
		return new Response(text, { status: response.status, headers: response.headers });
	} finally {
		finish();
	}
}
