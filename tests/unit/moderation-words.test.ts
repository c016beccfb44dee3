import { describe, expect, it } from 'vitest';
import { countLinks, findListedWord, foldText, textKey } from '../../server/policy/word-match.ts';
import { mergeSettings } from '../../server/policy/settings-repository.ts';
import { articleSettingsSchema, siteSettingsSchema } from '../../server/contract/moderation.ts';

describe('word lists', () => {
	it('match whole words, ignoring case and accents', () => {
		expect(findListedWord('Quelle ARNAQUÉ !', ['arnaque'])).toBe('arnaque');
		expect(findListedWord('Le contexte', ['con'])).toBeNull();
		expect(findListedWord('un con, vraiment', ['con'])).toBe('con');
		expect(findListedWord('é', ['e'])).toBe('e');
	});

	it('match phrases across any spacing, and stems with a star', () => {
		expect(findListedWord('achetez   maintenant', ['achetez maintenant'])).not.toBeNull();
		expect(findListedWord('des arnaqueurs', ['arnaque*'])).toBe('arnaque*');
		expect(findListedWord('des arnaqueurs', ['arnaque'])).toBeNull();
	});

	it('treat regular-expression characters as text', () => {
		expect(findListedWord('gagnez (vite)', ['(vite)'])).toBe('(vite)');
		expect(findListedWord('gagnez vite', ['(vite)'])).toBeNull();
		expect(findListedWord('prix: 1.5 euros', ['1.5'])).toBe('1.5');
		expect(findListedWord('prix: 105 euros', ['1.5'])).toBeNull();
		expect(findListedWord('rien', ['', '  ', '*'])).toBeNull();
	});

	it('fold text', () => {
		expect(foldText('Ça Été')).toBe('ca ete');
	});
});

describe('links and duplicates', () => {
	it('count http(s) and www. links', () => {
		expect(countLinks('voir https://a.fr, http://b.fr et www.c.fr')).toBe(3);
		expect(countLinks('rien ici, ni http:// seul')).toBe(0);
	});

	it('see the same text through spaces and case', () => {
		expect(textKey(' Bonjour  tout le monde')).toBe(textKey('bonjour tout le monde '));
		expect(textKey('Bonjour')).not.toBe(textKey('Bonjour !'));
	});
});

describe('settings', () => {
	it('default to no pre-moderation, 2 links, 3 reports', () => {
		expect(siteSettingsSchema.parse({})).toEqual({
			preModeration: 'none',
			bannedWords: [],
			suspectWords: [],
			maxLinks: 2,
			reportThreshold: 3
		});
	});

	it('let an article override the site and add to its word lists', () => {
		const site = siteSettingsSchema.parse({ bannedWords: ['a'], maxLinks: 4 });
		const article = articleSettingsSchema.parse({ preModeration: 'all', bannedWords: ['b'] });
		expect(mergeSettings(site, article)).toEqual({
			preModeration: 'all',
			bannedWords: ['a', 'b'],
			suspectWords: [],
			maxLinks: 4,
			reportThreshold: 3
		});
	});
});
