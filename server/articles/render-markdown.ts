import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: false });

const IA_LABEL = 'Texte produit par une IA, sans modification';

/**
 * Renders an article's Markdown. `:::ia` … `:::` blocks become notes on the pink background
 * the article announces; a `> ` line is the pull quote. Articles are the blog's own files.
 */
export function renderArticleMarkdown(markdown: string): string {
	const withoutComments = markdown.replace(/<!--[\s\S]*?-->/g, '');
	const parts = withoutComments.split(/^:::ia[ \t]*\r?\n([\s\S]*?)^:::[ \t]*$/m);
	let html = '';
	parts.forEach((part, index) => {
		if (index % 2 === 0) {
			html += marked.parse(part, { async: false });
		} else {
			html +=
				// A note, not an <aside>: several landmarks with one name confuse landmark navigation.
				`<div class="ia-block" role="note" aria-label="${IA_LABEL}">` +
				`<p class="ia-label">${IA_LABEL}</p>` +
				marked.parse(part, { async: false }) +
				'</div>';
		}
	});
	return html.replace(/<blockquote>/g, '<blockquote class="pull-quote">');
}

/** Takes the closing question off the end of the text, to set it apart as the prompt. */
export function splitClosingQuestion(
	markdown: string,
	question: string | undefined
): { body: string; question: string | null } {
	if (!question) return { body: markdown, question: null };
	const trimmed = markdown.trimEnd();
	if (trimmed.endsWith(question)) {
		return { body: trimmed.slice(0, trimmed.length - question.length), question };
	}
	return { body: markdown, question };
}
