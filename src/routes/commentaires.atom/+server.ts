import { respondWithFeed } from '$lib/server/feed-response';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) => respondWithFeed(locals.ctx, url);
