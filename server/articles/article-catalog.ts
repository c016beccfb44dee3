import type { Db } from '../db/database.ts';
import { readArticleFiles, type ArticleMeta } from './article-files.ts';
import { upsertArticle } from './article-repository.ts';
import { renderArticleMarkdown, splitClosingQuestion } from './render-markdown.ts';

export interface Article {
	slug: string;
	title: string;
	lang: string;
	coverAlt: string | null;
	closingQuestion: string | null;
	html: string;
	excerpt: string;
}

/** The articles of `content/`, rendered once at start. */
export class ArticleCatalog {
	private readonly bySlug = new Map<string, Article>();

	constructor(articles: Article[]) {
		for (const a of articles) this.bySlug.set(a.slug, a);
	}

	get(slug: string): Article | undefined {
		return this.bySlug.get(slug);
	}

	list(): Article[] {
		return [...this.bySlug.values()];
	}
}

function excerptOf(markdown: string): string {
	const firstParagraph = markdown
		.replace(/<!--[\s\S]*?-->/g, '')
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.find((p) => p && !p.startsWith('#') && !p.startsWith(':::'));
	const text = (firstParagraph ?? '').replace(/[*_`>#]/g, '');
	return text.length > 220 ? text.slice(0, 217).trimEnd() + '…' : text;
}

function toArticle(meta: ArticleMeta, markdown: string): Article {
	const { body, question } = splitClosingQuestion(markdown, meta.closing_question);
	return {
		slug: meta.slug,
		title: meta.title,
		lang: meta.lang,
		coverAlt: meta.cover_alt ?? null,
		closingQuestion: question,
		html: renderArticleMarkdown(body),
		excerpt: excerptOf(markdown)
	};
}

export async function loadArticleCatalog(db: Db, contentDir: string): Promise<ArticleCatalog> {
	const files = readArticleFiles(contentDir);
	const now = new Date().toISOString();
	for (const f of files) await upsertArticle(db, f.meta.slug, f.meta.title, now);
	return new ArticleCatalog(files.map((f) => toArticle(f.meta, f.markdown)));
}
