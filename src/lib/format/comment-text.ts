import { BIDI_CONTROLS } from '$contract/constants';

export type Segment =
	{ kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'br' };

/** One paragraph of a comment: text, links and line breaks, in order. */
export type Paragraph = Segment[];

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/gi;
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '»', '…', "'", '"']);

function count(text: string, char: string): number {
	return text.split(char).length - 1;
}

/** Punctuation that ends a sentence is not part of the link, unless it closes a "(" of the URL. */
function trimUrl(raw: string): string {
	let url = raw;
	while (url.length > 0 && TRAILING.has(url[url.length - 1])) {
		const last = url[url.length - 1];
		if (last === ')' && count(url, '(') >= count(url, ')')) break;
		url = url.slice(0, -1);
	}
	return url;
}

function splitLine(line: string, into: Segment[]): void {
	let last = 0;
	for (const match of line.matchAll(URL_PATTERN)) {
		const url = trimUrl(match[0]);
		if (!/^https?:\/\/[^/?#]/i.test(url)) continue;
		const start = match.index;
		if (start > last) into.push({ kind: 'text', text: line.slice(last, start) });
		into.push({ kind: 'link', text: url, href: url });
		last = start + url.length;
	}
	if (last < line.length) into.push({ kind: 'text', text: line.slice(last) });
}

/**
 * Cuts a comment as typed into paragraphs (blank lines) of text, links (http and https URLs
 * only) and line breaks. Nothing else is interpreted; Svelte escapes every piece. Bidi
 * controls go first (comments stored before they were refused): no link reads backwards.
 */
export function segmentCommentText(body: string): Paragraph[] {
	return body
		.replace(BIDI_CONTROLS, '')
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n\s*/)
		.map((block) => block.replace(/^\n+|\s+$/g, ''))
		.filter((block) => block.trim().length > 0)
		.map((block) => {
			const segments: Segment[] = [];
			block.split('\n').forEach((line, i) => {
				if (i > 0) segments.push({ kind: 'br' });
				splitLine(line, segments);
			});
			return segments;
		});
}
