import { z } from 'zod';
import { listAudit } from '$server/moderation/audit-repository';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;
const pageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);

export const load: PageServerLoad = async ({ url, locals }) => {
	const page = pageSchema.parse(url.searchParams.get('page') ?? 1);
	const { entries, hasMore } = await listAudit(locals.ctx.db, (page - 1) * PAGE_SIZE, PAGE_SIZE);
	const titles = Object.fromEntries(locals.ctx.articles.list().map((a) => [a.slug, a.title]));
	return { entries, hasMore, page, titles };
};
