import { describe, expect, it } from 'vitest';
import { actionOf, searchWith, threadQueryOf } from '../../src/lib/components/thread-links.ts';

describe('thread links', () => {
	it('keeps the sort and count of the page, and nothing else', () => {
		const url = new URL('http://x/articles/a?tri=newest&n=100&repondre=4&/comment=');
		expect(threadQueryOf(url)).toBe('tri=newest&n=100');
		expect(threadQueryOf(new URL('http://x/articles/a'))).toBe('');
	});

	it('names the form action after the page query, with the anchor to come back to', () => {
		expect(actionOf('', 'comment', 'laisser-un-commentaire')).toBe(
			'?/comment#laisser-un-commentaire'
		);
		expect(actionOf('tri=newest', 'react', 'comment-4')).toBe('?tri=newest&/react#comment-4');
	});

	it('adds or replaces parameters', () => {
		expect(searchWith('', {})).toBe('');
		expect(searchWith('tri=newest&n=50', { n: 100, repondre: 3 })).toBe(
			'?tri=newest&n=100&repondre=3'
		);
	});
});
