import type { RequestEvent } from '@sveltejs/kit';
import { findArticleState } from '$server/articles/article-repository';
import { PageCache } from '$server/http/page-cache';
import { threadQueryOf } from '$lib/components/thread-links';

// Slugs are plain ASCII words: anything else (escapes included) goes the usual way.
const ARTICLE_PATH = /^\/articles\/([a-z0-9-]+)$/;
const QUERY_KEYS = new Set(['tri', 'n']);

const cache = new PageCache();

/**
 * The cache key of an article page as any reader without a session sees it: a GET of the
 * page itself, with no other query than its sort and count (a `?repondre=` opens a form).
 * The origin is part of the key: the share links hold the page's absolute address.
 */
function cacheKeyOf(event: RequestEvent): { key: string; slug: string } | null {
	if (event.request.method !== 'GET') return null;
	const match = ARTICLE_PATH.exec(event.url.pathname);
	if (!match) return null;
	const params = [...event.url.searchParams];
	if (params.some(([name, value]) => !QUERY_KEYS.has(name) || value === '')) return null;
	const query = threadQueryOf(event.url);
	// A repeated parameter reads as its first value here and may not elsewhere.
	if (params.length !== new URLSearchParams(query).size) return null;
	return { key: `${event.url.origin}${event.url.pathname}?${query}`, slug: match[1] };
}

/**
 * Resolves a request of a reader without a session through the page cache: a hit costs one
 * read of the article's row; a miss renders with a known idempotency key and keeps the page
 * if it is a plain 200 that set no cookie.
 */
export async function resolveAnonymous(
	event: RequestEvent,
	resolve: (event: RequestEvent) => Response | Promise<Response>
): Promise<Response> {
	const target = cacheKeyOf(event);
	if (!target) return resolve(event);
	const state = await findArticleState(event.locals.ctx.db, target.slug);
	if (!state) return resolve(event);
	const hit = cache.take(target.key, state);
	if (hit) return hit;
	// The version is read before the render: an event in between makes the kept page look
	// older than it is, never newer.
	const pageKey = crypto.randomUUID();
	event.locals.pageKey = pageKey;
	const response = await resolve(event);
	const html = response.headers.get('content-type')?.startsWith('text/html');
	if (response.status !== 200 || !html || response.headers.has('set-cookie')) return response;
	const text = await response.text();
	cache.store(target.key, state, pageKey, response, text);
	return new Response(text, { status: response.status, headers: response.headers });
}
