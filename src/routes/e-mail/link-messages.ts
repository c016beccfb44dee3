import type { LinkProblem } from '$server/mail/mail-link-service';
import type { MailAction } from '$server/mail/mail-tokens';

export const LINK_PROBLEMS: Record<LinkProblem, string> = {
	invalid: 'Ce lien n’est pas valide. Vérifiez qu’il a été copié en entier depuis l’e-mail.',
	expired: 'Ce lien a expiré. Les liens envoyés par e-mail restent valables sept jours.',
	used: 'Ce lien a déjà servi : chaque bouton d’un e-mail ne fonctionne qu’une fois.'
};

export const ACTION_LABELS: Record<MailAction, { verb: string; done: string }> = {
	approve: { verb: 'Approuver', done: 'Le commentaire est publié.' },
	reject: { verb: 'Rejeter', done: 'Le commentaire est rejeté.' },
	spam: { verb: 'Marquer comme indésirable', done: 'Le commentaire est classé indésirable.' }
};
