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

/** A stable, readable background colour for an identity id (FNV-1a hash to a hue). */
export function colorOf(id: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) {
		hash ^= id.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	const hue = (hash >>> 0) % 360;
	return `hsl(${hue} 45% 36%)`;
}
