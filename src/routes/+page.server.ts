import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const articles = locals.ctx.articles.list();
	if (articles.length === 1) redirect(307, `/articles/${articles[0].slug}`);
	return { articles: articles.map((a) => ({ slug: a.slug, title: a.title, excerpt: a.excerpt })) };
};
