import { describe, expect, it } from 'vitest';
import { segmentCommentText } from '../../src/lib/format/comment-text.ts';

describe('segmentCommentText', () => {
	it('makes paragraphs from blank lines and keeps single line breaks', () => {
		expect(segmentCommentText('Bonjour\nà tous\n\n\nDeuxième')).toEqual([
			[{ kind: 'text', text: 'Bonjour' }, { kind: 'br' }, { kind: 'text', text: 'à tous' }],
			[{ kind: 'text', text: 'Deuxième' }]
		]);
	});

	it('treats Windows line ends and whitespace-only lines as the same', () => {
		expect(segmentCommentText('a\r\n  \r\nb')).toEqual([
			[{ kind: 'text', text: 'a' }],
			[{ kind: 'text', text: 'b' }]
		]);
	});

	it('turns http and https URLs into links and leaves the sentence around them', () => {
		expect(segmentCommentText('Voir https://example.org/a?b=1, puis http://x.fr.')).toEqual([
			[
				{ kind: 'text', text: 'Voir ' },
				{ kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
				{ kind: 'text', text: ', puis ' },
				{ kind: 'link', text: 'http://x.fr', href: 'http://x.fr' },
				{ kind: 'text', text: '.' }
			]
		]);
	});

	it('keeps a closing parenthesis that belongs to the URL, not one that closes the sentence', () => {
		const [[, wiki]] = segmentCommentText('(https://fr.wikipedia.org/wiki/Foo_(bar))');
		expect(wiki).toEqual({
			kind: 'link',
			text: 'https://fr.wikipedia.org/wiki/Foo_(bar)',
			href: 'https://fr.wikipedia.org/wiki/Foo_(bar)'
		});
		const [segments] = segmentCommentText('(voir https://example.org)');
		expect(segments).toContainEqual({
			kind: 'link',
			text: 'https://example.org',
			href: 'https://example.org'
		});
		expect(segments.at(-1)).toEqual({ kind: 'text', text: ')' });
	});

	it('links nothing but http(s): markup and other schemes stay text', () => {
		const body =
			'<script>alert(1)</script> javascript:alert(1) data:text/html,x ftp://x.org https://';
		const segments = segmentCommentText(body).flat();
		expect(segments.every((s) => s.kind === 'text')).toBe(true);
		expect(segments.map((s) => (s.kind === 'text' ? s.text : '')).join('')).toBe(body);
	});

	it('stops a URL at quotes and angle brackets', () => {
		const [segments] = segmentCommentText('"https://a.org/x"<b>');
		expect(segments).toEqual([
			{ kind: 'text', text: '"' },
			{ kind: 'link', text: 'https://a.org/x', href: 'https://a.org/x' },
			{ kind: 'text', text: '"<b>' }
		]);
	});

	it('returns nothing for an empty or blank text', () => {
		expect(segmentCommentText('')).toEqual([]);
		expect(segmentCommentText(' \n\n ')).toEqual([]);
	});

	it('never puts a bidi control in a link, nor lets one reorder it', () => {
		for (const control of ['\u202e', '\u202d', '\u2067', '\u2068', '\u200f', '\u061c']) {
			const [[text, link]] = segmentCommentText(`Voir https://example.org/x/${control}gpj.exe`);
			expect(text).toEqual({ kind: 'text', text: 'Voir ' });
			expect(link).toEqual({
				kind: 'link',
				text: 'https://example.org/x/gpj.exe',
				href: 'https://example.org/x/gpj.exe'
			});
		}
	});
});
