import type { ModerationStatus } from '$contract/moderation';

const dateTime = new Intl.DateTimeFormat('fr-FR', {
	dateStyle: 'short',
	timeStyle: 'short',
	timeZone: 'Europe/Paris'
});

export function formatTime(iso: string): string {
	return dateTime.format(new Date(iso));
}

export const STATUS_LABELS: Record<ModerationStatus, string> = {
	published: 'Publié',
	held: 'En attente',
	rejected: 'Rejeté',
	spam: 'Indésirable',
	deleted: 'Supprimé'
};

export const AUDIT_LABELS: Record<string, string> = {
	approve: 'a approuvé',
	reject: 'a rejeté',
	spam: 'a marqué comme indésirable',
	delete: 'a supprimé',
	pin: 'a épinglé',
	unpin: 'a désépinglé',
	edit: 'a modifié',
	ban: 'a banni l’auteur de',
	unban: 'a levé le bannissement d’un lecteur',
	hold: 'a mis en attente',
	close: 'a fermé les commentaires',
	reopen: 'a rouvert les commentaires',
	settings: 'a changé les réglages'
};

export function plural(n: number, one: string, many: string): string {
	return `${n} ${n > 1 ? many : one}`;
}
