import type { RenderedMail } from './commenter-mails.ts';
import {
	COLORS,
	bodyHtml,
	button,
	escapeHtml,
	link,
	oneLine,
	paragraph,
	quoteBlock,
	quoteText,
	renderLayout,
	renderText,
	separator,
	small
} from './layout.ts';

export interface AuthorCommentView {
	articleTitle: string;
	authorName: string;
	authorEmail: string;
	authorWebsite: string | null;
	body: string;
	status: 'published' | 'held' | 'rejected' | 'spam';
	createdAt: string;
	url: string;
	actions: { approve?: string; reject?: string; spam?: string };
}

const STATUS_LABEL: Record<AuthorCommentView['status'], string> = {
	published: 'Publié',
	held: 'En attente de modération',
	rejected: 'Rejeté',
	spam: 'Indésirable'
};

function commentHtml(c: AuthorCommentView): string {
	const who = [
		`<strong>${escapeHtml(c.authorName)}</strong>`,
		escapeHtml(c.authorEmail),
		c.authorWebsite ? escapeHtml(c.authorWebsite) : null
	]
		.filter(Boolean)
		.join(' · ');
	const buttons = [
		c.actions.approve ? button('Approuver', c.actions.approve) : '',
		c.actions.reject ? button('Rejeter', c.actions.reject, COLORS.muted) : '',
		c.actions.spam ? button('Indésirable', c.actions.spam, COLORS.danger) : ''
	].join('');
	return [
		small(`${escapeHtml(STATUS_LABEL[c.status])} · « ${escapeHtml(c.articleTitle)} »`),
		paragraph(who),
		quoteBlock(bodyHtml(c.body)),
		buttons ? paragraph(buttons) : '',
		small(link('Voir dans la discussion', c.url))
	].join('\n');
}

function commentText(c: AuthorCommentView): string {
	const who = [c.authorName, `<${c.authorEmail}>`, c.authorWebsite].filter(Boolean).join(' ');
	const actions = [
		c.actions.approve ? `Approuver : ${c.actions.approve}` : null,
		c.actions.reject ? `Rejeter : ${c.actions.reject}` : null,
		c.actions.spam ? `Indésirable : ${c.actions.spam}` : null
	].filter(Boolean);
	return [
		`${STATUS_LABEL[c.status]} · « ${c.articleTitle} »`,
		who,
		quoteText(c.body),
		...actions,
		`Voir dans la discussion : ${c.url}`
	].join('\n');
}

function footer(settingsUrl: string, unsubscribeUrl: string) {
	const why = 'Vous recevez ce message parce que vous êtes auteur·rice sur Fil.';
	return {
		html: [
			small(escapeHtml(why)),
			small(
				`${link('Régler les notifications', settingsUrl)} · ${link('Se désabonner', unsubscribeUrl)}`
			)
		].join('\n'),
		text: `${why}\nRégler les notifications : ${settingsUrl}\nSe désabonner : ${unsubscribeUrl}`
	};
}

export function renderAuthorCommentMail(view: {
	comments: AuthorCommentView[];
	settingsUrl: string;
	unsubscribeUrl: string;
}): RenderedMail {
	const n = view.comments.length;
	const first = view.comments[0];
	const held = view.comments.filter((c) => c.status === 'held').length;
	let subject: string;
	if (n === 1 && first.status === 'held') {
		subject = `Commentaire à modérer de ${oneLine(first.authorName, 60)} sur « ${oneLine(first.articleTitle, 80)} »`;
	} else if (n === 1) {
		subject = `Nouveau commentaire de ${oneLine(first.authorName, 60)} sur « ${oneLine(first.articleTitle, 80)} »`;
	} else {
		subject = `${n} nouveaux commentaires${held > 0 ? `, dont ${held} à modérer` : ''}`;
	}
	const title = held > 0 ? 'Des commentaires attendent votre décision' : 'Nouveaux commentaires';
	const hint =
		'Chaque bouton ouvre une page de confirmation sur le site ; rien ne change tant que vous n’avez pas confirmé.';
	const foot = footer(view.settingsUrl, view.unsubscribeUrl);
	return {
		subject,
		html: renderLayout({
			title:
				n === 1 ? (held ? 'Un commentaire attend votre décision' : 'Nouveau commentaire') : title,
			content: [view.comments.map(commentHtml).join(separator()), separator(), small(hint)].join(
				'\n'
			),
			footer: foot.html
		}),
		text: renderText({
			title,
			content: `${view.comments.map(commentText).join('\n\n---\n\n')}\n\n${hint}`,
			footer: foot.text
		})
	};
}

export function renderDigestMail(view: {
	day: string;
	comments: AuthorCommentView[];
	settingsUrl: string;
	unsubscribeUrl: string;
}): RenderedMail {
	const n = view.comments.length;
	const title = `Résumé du ${view.day}`;
	const intro = `${n} commentaire${n > 1 ? 's' : ''} depuis le dernier résumé.`;
	const foot = footer(view.settingsUrl, view.unsubscribeUrl);
	return {
		subject: `Fil : ${intro}`,
		html: renderLayout({
			title,
			content: [
				paragraph(escapeHtml(intro)),
				view.comments.map(commentHtml).join(separator())
			].join('\n'),
			footer: foot.html
		}),
		text: renderText({
			title,
			content: `${intro}\n\n${view.comments.map(commentText).join('\n\n---\n\n')}`,
			footer: foot.text
		})
	};
}
