import { error } from '@sveltejs/kit';
import type { AppContext } from '$server/context/app-context';
import { buildCommentFeed } from '$server/threads/comment-feed';

/**
 * The Atom feed as a response. Links use ORIGIN when set; without it, the request's own origin,
 * and then no shared cache may keep the answer (another Host would get it).
 */
export async function respondWithFeed(ctx: AppContext, url: URL, slug?: string): Promise<Response> {
	const origin = ctx.config.ORIGIN?.replace(/\/$/, '') ?? url.origin;
	const xml = await buildCommentFeed(ctx, origin, slug);
	if (xml === null) error(404, { message: 'Cet article n’existe pas.' });
	return new Response(xml, {
		headers: {
			'content-type': 'application/atom+xml; charset=utf-8',
			'cache-control': ctx.config.ORIGIN ? 'public, max-age=60' : 'private, max-age=60'
		}
	});
}
