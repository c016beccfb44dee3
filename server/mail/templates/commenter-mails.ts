import {
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

export interface RenderedMail {
	subject: string;
	html: string;
	text: string;
}

export function renderVerifyMail(view: {
	name: string;
	articleTitle: string;
	confirmUrl: string;
}): RenderedMail {
	const title = 'Confirmez votre adresse e-mail';
	const intro = `Bonjour ${view.name}, vous avez demandé à être prévenu·e des réponses à votre commentaire sur « ${view.articleTitle} ».`;
	const why =
		'Pour que nous puissions vous écrire, confirmez que cette adresse est bien la vôtre. Tant qu’elle n’est pas confirmée, vous ne recevrez aucun autre message.';
	const ignore =
		'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : vous ne recevrez rien d’autre.';
	return {
		subject: 'Confirmez votre adresse pour suivre les réponses',
		html: renderLayout({
			title,
			content: [
				paragraph(escapeHtml(intro)),
				paragraph(escapeHtml(why)),
				paragraph(button('Confirmer mon adresse', view.confirmUrl)),
				small(`Ou copiez ce lien dans votre navigateur : ${link(view.confirmUrl, view.confirmUrl)}`)
			].join('\n'),
			footer: small(escapeHtml(ignore))
		}),
		text: renderText({
			title,
			content: `${intro}\n\n${why}\n\nConfirmer mon adresse : ${view.confirmUrl}\n`,
			footer: ignore
		})
	};
}

export interface ReplyView {
	authorName: string;
	body: string;
	url: string;
	/** The recipient's own comment this one answers. */
	answers: string;
}

export function renderReplyMail(view: {
	name: string;
	articleTitle: string;
	articleUrl: string;
	replies: ReplyView[];
	unsubscribeUrl: string;
}): RenderedMail {
	const n = view.replies.length;
	const subject =
		n === 1
			? `Nouvelle réponse de ${oneLine(view.replies[0].authorName, 60)} sur « ${oneLine(view.articleTitle, 80)} »`
			: `${n} nouvelles réponses sur « ${oneLine(view.articleTitle, 80)} »`;
	const title = n === 1 ? 'Quelqu’un vous a répondu' : `${n} personnes vous ont répondu`;
	const intro = `Bonjour ${view.name}, voici ${n === 1 ? 'la réponse' : 'les réponses'} à vos commentaires sur « ${view.articleTitle} ».`;
	const htmlReplies = view.replies.map((r) =>
		[
			small(`En réponse à : « ${escapeHtml(oneLine(r.answers, 140))} »`),
			paragraph(`<strong>${escapeHtml(r.authorName)}</strong> a écrit :`),
			quoteBlock(bodyHtml(r.body)),
			paragraph(button('Voir et répondre', r.url))
		].join('\n')
	);
	const textReplies = view.replies.map(
		(r) =>
			`En réponse à : « ${oneLine(r.answers, 140)} »\n${r.authorName} a écrit :\n${quoteText(r.body)}\nVoir et répondre : ${r.url}`
	);
	const footer = `Vous recevez ce message parce que vous avez coché « Me prévenir des réponses ».`;
	return {
		subject,
		html: renderLayout({
			title,
			content: [paragraph(escapeHtml(intro)), htmlReplies.join(separator())].join('\n'),
			footer: [
				small(escapeHtml(footer)),
				small(link('Se désabonner de ces e-mails', view.unsubscribeUrl))
			].join('\n')
		}),
		text: renderText({
			title,
			content: `${intro}\n\n${textReplies.join('\n\n---\n\n')}\n\nL’article : ${view.articleUrl}`,
			footer: `${footer}\nSe désabonner : ${view.unsubscribeUrl}`
		})
	};
}
