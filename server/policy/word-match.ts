import { createHash } from 'node:crypto';

/** Lower case, no accents, so "Arnaque", "arnaqué" and "ARNAQUE" are one word. */
export function foldText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase();
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The first listed word or phrase found in the text as a whole word: "con" does not match
 * "contexte". A trailing `*` matches any ending ("arnaque*" matches "arnaqueurs").
 */
export function findListedWord(text: string, words: readonly string[]): string | null {
	const folded = foldText(text);
	for (const word of words) {
		const w = foldText(word.trim());
		if (!w) continue;
		const stem = w.endsWith('*') ? w.slice(0, -1) : w;
		if (!stem) continue;
		const body = escapeRegExp(stem).replace(/\s+/g, '\\s+');
		const tail = w.endsWith('*') ? '[\\p{L}\\p{N}]*' : '';
		const re = new RegExp(`(?<![\\p{L}\\p{N}])${body}${tail}(?![\\p{L}\\p{N}])`, 'u');
		if (re.test(folded)) return word;
	}
	return null;
}

/** Links as a reader would see them: http(s) addresses and bare www. ones. */
export function countLinks(text: string): number {
	return (text.match(/\bhttps?:\/\/\S|\bwww\.\S/gi) ?? []).length;
}

/**
 * The same text, give or take spaces and case, counts as a duplicate: the key compared is a
 * hash of the text so normalised, kept with each comment (one indexed lookup per post).
 */
export function textKey(text: string): string {
	const normalised = text.trim().replace(/\s+/g, ' ').toLowerCase();
	return createHash('sha256').update(normalised).digest('base64url');
}
