import { describe, expect, it } from 'vitest';
import { colorOf, initialsOf } from '../../src/lib/format/avatar.ts';
import { formatAbsolute, formatRelative, plural } from '../../src/lib/format/relative-time.ts';

describe('avatar', () => {
	it('takes the initials of the first and last words', () => {
		expect(initialsOf('Marie Curie')).toBe('MC');
		expect(initialsOf('jean-paul sartre')).toBe('JS');
		expect(initialsOf('Élodie')).toBe('É');
		expect(initialsOf('  ')).toBe('?');
		expect(initialsOf('🙂 Zoé')).toBe('Z');
	});

	it('draws a stable colour from the identity id, not the same for everyone', () => {
		expect(colorOf('abc123')).toBe(colorOf('abc123'));
		const colours = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => colorOf(`id-${id}`)));
		expect(colours.size).toBeGreaterThan(3);
		expect(colorOf('x')).toMatch(/^hsl\(\d+ \d+% \d+%\)$/);
	});
});

describe('relative time', () => {
	const now = Date.parse('2026-03-10T12:00:00Z');
	const ago = (ms: number) => new Date(now - ms).toISOString();

	it('speaks French from seconds to days, then gives the date', () => {
		expect(formatRelative(ago(10_000), now)).toBe('à l’instant');
		expect(formatRelative(ago(5 * 60_000), now)).toBe('il y a 5 min');
		expect(formatRelative(ago(3 * 3600_000), now)).toBe('il y a 3 h');
		expect(formatRelative(ago(30 * 3600_000), now)).toBe('hier');
		expect(formatRelative(ago(4 * 86400_000), now)).toBe('il y a 4 jours');
		expect(formatRelative('2025-12-25T10:00:00Z', now)).toBe('le 25 décembre 2025');
	});

	it('never says "dans" for a clock slightly ahead, and ignores bad dates', () => {
		expect(formatRelative(new Date(now + 5000).toISOString(), now)).toBe('à l’instant');
		expect(formatRelative('pas une date', now)).toBe('');
	});

	it('gives the full date and time in the blog’s time zone', () => {
		expect(formatAbsolute('2026-03-10T12:05:00Z')).toBe('10 mars 2026 à 13:05');
	});

	it('counts in French: 0 and 1 are singular', () => {
		expect(plural(0, 'commentaire', 'commentaires')).toBe('0 commentaire');
		expect(plural(1, 'lecteur', 'lecteurs')).toBe('1 lecteur');
		expect(plural(12, 'lecteur', 'lecteurs')).toBe('12 lecteurs');
	});
});
