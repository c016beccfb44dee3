const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// One time zone on the server and in the browser, so the page hydrates without a mismatch.
const dateFormat = new Intl.DateTimeFormat('fr-FR', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/Paris'
});
const fullFormat = new Intl.DateTimeFormat('fr-FR', {
	dateStyle: 'long',
	timeStyle: 'short',
	timeZone: 'Europe/Paris'
});

/** "à l’instant", "il y a 5 min", "il y a 3 h", "hier", "il y a 4 jours", then the date. */
export function formatRelative(iso: string, now: number): string {
	const then = Date.parse(iso);
	if (Number.isNaN(then)) return '';
	const diff = Math.max(0, now - then);
	if (diff < MINUTE) return 'à l’instant';
	if (diff < HOUR) return `il y a ${Math.floor(diff / MINUTE)} min`;
	if (diff < DAY) return `il y a ${Math.floor(diff / HOUR)} h`;
	if (diff < 2 * DAY) return 'hier';
	if (diff < 7 * DAY) return `il y a ${Math.floor(diff / DAY)} jours`;
	return `le ${dateFormat.format(then)}`;
}

/** "28 novembre 2026 à 08:29", in the blog's time zone. */
export function formatAbsolute(iso: string): string {
	const then = Date.parse(iso);
	return Number.isNaN(then) ? '' : fullFormat.format(then);
}

/** "1 commentaire", "3 commentaires", "0 commentaire" as French has it. */
export function plural(n: number, one: string, many: string): string {
	return `${n} ${n > 1 ? many : one}`;
}
