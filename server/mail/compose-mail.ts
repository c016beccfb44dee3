import type { OutboxRow } from '../db/schema.ts';
import { composeAuthorCommentMail, composeDigestMail } from './compose-author.ts';
import { composeReplyMail, composeVerifyMail } from './compose-commenter.ts';
import { messageIdFor, unsubscribeUrl, type ComposeDeps } from './compose-helpers.ts';
import type { OutgoingMail } from './mail-transport.ts';
import type { RenderedMail } from './templates/commenter-mails.ts';

/** A mail ready to go, or the reason it no longer should (unsubscribed, unverified, gone…). */
export type Composed = { mail: OutgoingMail } | { cancel: string };

export async function composeMail(deps: ComposeDeps, row: OutboxRow): Promise<Composed> {
	let rendered: RenderedMail | string;
	switch (row.kind) {
		case 'verify-email':
			rendered = await composeVerifyMail(deps, row);
			break;
		case 'reply':
			rendered = await composeReplyMail(deps, row);
			break;
		case 'author-comment':
			rendered = await composeAuthorCommentMail(deps, row);
			break;
		case 'author-digest':
			rendered = await composeDigestMail(deps, row);
			break;
		default:
			rendered = 'unknown kind';
	}
	if (typeof rendered === 'string') return { cancel: rendered };
	const headers: Record<string, string> = {};
	if (row.kind !== 'verify-email') {
		// RFC 8058: the link must work with a cookieless POST; the visible link shows a page.
		headers['List-Unsubscribe'] = `<${unsubscribeUrl(deps, row)}>`;
		headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
	}
	// RFC 3834: no out-of-office answers to notifications.
	headers['Auto-Submitted'] = 'auto-generated';
	headers['X-Fil-Mail'] = row.kind;
	return {
		mail: {
			outboxId: row.id,
			kind: row.kind,
			to: row.to_address,
			subject: rendered.subject,
			text: rendered.text,
			html: rendered.html,
			messageId: messageIdFor(deps.config, row.id),
			headers
		}
	};
}
