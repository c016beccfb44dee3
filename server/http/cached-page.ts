import type { IncomingMessage, ServerResponse } from 'node:http';
import { findArticleState } from '../articles/article-repository.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import type { AppContext } from '../context/app-context.ts';
import { pageCacheKey } from '../cache/page-cache.ts';

/**
 * The address SvelteKit (adapter-node) will see for this request, when it is plain: from
 * ORIGIN, or the protocol header our handler sets and the Host header. Null otherwise, and
 * the request goes to SvelteKit.
 */
function urlOf(req: IncomingMessage, origin: string | undefined): URL | null {
	const path = req.url ?? '';
	let base = origin && new URL(origin).origin;
	if (!base) {
		const proto = req.headers['x-forwarded-proto'];
		const host = req.headers.host;
		if (typeof proto !== 'string' || !/^https?$/.test(proto) || !host) return null;
		base = `${proto}://${host}`;
	}
	try {
		return new URL(base + path);
	} catch {
		return null;
	}
}

/**
 * Answers a cached article page before SvelteKit builds a Request, runs the hooks and reads
 * a Response: most of what a hit would otherwise cost. The cache is filled by the hook
 * (src/lib/server/anonymous-page.ts), under the same key. Resolves false to let SvelteKit
 * answer: any session cookie, any other page, a miss.
 */
export async function serveCachedPage(
	ctx: AppContext,
	req: IncomingMessage,
	res: ServerResponse
): Promise<boolean> {
	if (req.method !== 'GET' || !req.url?.startsWith('/articles/')) return false;
	if (req.headers.cookie?.includes(`${SESSION_COOKIE}=`)) return false;
	const url = urlOf(req, ctx.config.ORIGIN);
	const target = url && pageCacheKey('GET', url);
	if (!target) return false;
	const state = await findArticleState(ctx.db, target.slug);
	const page = state && ctx.pageCache.take(target.key, state);
	if (!page) return false;
	res.statusCode = page.status;
	for (const [name, value] of page.headers) res.setHeader(name, value);
	res.setHeader('content-length', page.body.length);
	res.end(page.body);
	return true;
}
