/** Up to two capital letters from a display name: "Marie Curie" → "MC". */
export function initialsOf(name: string): string {
	const words = name
		.trim()
		.split(/[\s\-_.]+/)
		.map((w) => w.match(/[\p{L}\p{N}]/u)?.[0] ?? '')
		.filter(Boolean);
	if (words.length === 0) return '?';
	const letters = words.length === 1 ? [words[0]] : [words[0], words[words.length - 1]];
	return letters.join('').toLocaleUpperCase('fr');
}

type Theme = 'light' | 'dark';

/** The initials' colour in each theme; comment-meta.svelte's avatar rules use the same two. */
export const AVATAR_INK: Record<Theme, string> = { light: '#ffffff', dark: '#1b1916' };

// Lightness chosen so that every hue stays ≥ 4.5:1 against AVATAR_INK (checked in avatar.test.ts).
const LIGHTNESS: Record<Theme, string> = { light: '45% 30%', dark: '40% 70%' };

/** A stable hue for an identity id (FNV-1a hash). */
export function hueOf(id: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) {
		hash ^= id.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return (hash >>> 0) % 360;
}

/** The avatar background for a hue (0–359) in a theme. */
export function colorOfHue(hue: number, theme: Theme): string {
	return `hsl(${hue} ${LIGHTNESS[theme]})`;
}

/** A stable, readable background colour for an identity id, for the given theme. */
export function colorOf(id: string, theme: Theme = 'light'): string {
	return colorOfHue(hueOf(id), theme);
}
