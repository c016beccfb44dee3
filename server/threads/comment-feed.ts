import { Feed } from 'feed';
import type { AppContext } from '../context/app-context.ts';
import type { Article } from '../articles/article-catalog.ts';
import { escapeHtml } from '../security/escape-html.ts';

/** The newest published comments a feed carries. */
export const FEED_SIZE = 50;

const WORDS = {
	fr: {
		site: 'Commentaires',
		thread: (title: string) => `Commentaires sur « ${title} »`,
		entry: (name: string, title: string) => `${name} sur « ${title} »`
	},
	en: {
		site: 'Comments',
		thread: (title: string) => `Comments on “${title}”`,
		entry: (name: string, title: string) => `${name} on “${title}”`
	}
} as const;

const wordsFor = (lang: string) => (lang === 'en' ? WORDS.en : WORDS.fr);

/**
 * An Atom feed of the newest published comments, of one article or of the whole site: names,
 * websites and text as readers see them on the page, nothing else (no address, no IP hash).
 * Null when the article does not exist.
 */
export async function buildCommentFeed(
	ctx: AppContext,
	origin: string,
	slug?: string
): Promise<string | null> {
	const article = slug === undefined ? undefined : ctx.articles.get(slug);
	if (slug !== undefined && !article) return null;
	let query = ctx.db
		.selectFrom('comments')
		.select(['id', 'article_slug', 'author_name', 'author_website', 'body', 'created_at'])
		.where('status', '=', 'published')
		.orderBy('id', 'desc')
		.limit(FEED_SIZE);
	if (slug !== undefined) query = query.where('article_slug', '=', slug);
	const rows = await query.execute();

	const lang = article?.lang ?? ctx.articles.list()[0]?.lang ?? 'fr';
	const words = wordsFor(lang);
	const self = article ? `/articles/${article.slug}/commentaires.atom` : '/commentaires.atom';
	const feed = new Feed({
		title: article ? words.thread(article.title) : words.site,
		id: `${origin}${self}`,
		link: article ? `${origin}/articles/${article.slug}` : `${origin}/`,
		language: lang,
		updated: new Date(rows[0]?.created_at ?? 0),
		feedLinks: { atom: `${origin}${self}` },
		generator: 'Fil',
		copyright: ''
	});
	for (const row of rows) {
		const of: Article | undefined = ctx.articles.get(row.article_slug);
		const link = `${origin}/articles/${row.article_slug}#comment-${row.id}`;
		feed.addItem({
			id: link,
			link,
			title: escapeHtml(
				wordsFor(of?.lang ?? lang).entry(row.author_name, of?.title ?? row.article_slug)
			),
			date: new Date(row.created_at),
			content: toFeedHtml(row.body),
			author: [{ name: row.author_name, link: row.author_website ?? undefined }]
		});
	}
	return feed.atom1();
}

/**
 * The library marks titles and content as HTML: comment text goes in escaped, so a feed reader
 * shows what was typed, as the page does (and no `]]>` can end the CDATA section early).
 */
function toFeedHtml(body: string): string {
	return body
		.split(/\n{2,}/)
		.map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
		.join('');
}
