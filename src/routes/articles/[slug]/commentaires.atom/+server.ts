import { respondWithFeed } from '$lib/server/feed-response';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params, url }) =>
	respondWithFeed(locals.ctx, url, params.slug);
