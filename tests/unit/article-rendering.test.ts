import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../server/articles/article-files.ts';
import {
	renderArticleMarkdown,
	splitClosingQuestion
} from '../../server/articles/render-markdown.ts';

const source = readFileSync(new URL('../../content/cout-de-l-ia.md', import.meta.url), 'utf8');

describe('the article file', () => {
	it('reads its front matter', () => {
		const { meta } = parseArticleFile(source);
		expect(meta.slug).toBe('cout-de-l-ia');
		expect(meta.title).toContain('Coût de l’IA');
		expect(meta.closing_question).toBe('Alors d’après vous, c’est quoi l’objectif ?');
	});

	it('renders the AI blocks, the pull quote and the headings, and sets the question apart', () => {
		const { meta, markdown } = parseArticleFile(source);
		const { body, question } = splitClosingQuestion(markdown, meta.closing_question);
		expect(question).toBe(meta.closing_question);
		const html = renderArticleMarkdown(body);
		expect(html.match(/<div class="ia-block" role="note"/g)).toHaveLength(2);
		expect(html).toContain('Texte produit par une IA');
		expect(html).toContain('<blockquote class="pull-quote">');
		expect(html).toContain('<h2>Mon point de vue d’humaine</h2>');
		expect(html).not.toContain('c’est quoi l’objectif');
		expect(html).not.toContain(':::');
		expect(html).not.toContain('<!--');
	});

	it('makes the AI blocks notes, not landmarks that would all share one name', () => {
		const html = renderArticleMarkdown(':::ia\nUn.\n:::\n\nTexte.\n\n:::ia\nDeux.\n:::\n');
		expect(html.match(/class="ia-block"/g)).toHaveLength(2);
		expect(html).not.toMatch(/<(aside|section|nav)\b/);
	});

	it('refuses a file without front matter', () => {
		expect(() => parseArticleFile('# Titre\n\nTexte')).toThrow();
	});
});
