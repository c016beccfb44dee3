import { z } from 'zod';
import type { CommentRow, OutboxRow } from '../db/schema.ts';
import { findCommentsByIds } from '../comments/comment-repository.ts';
import {
	articleTitle,
	carriedCommentIds,
	linkTo,
	unsubscribeUrl,
	type ComposeDeps
} from './compose-helpers.ts';
import { listAuthorRecipients } from '../outbox/author-recipients.ts';
import { loadAuthorSettings } from '../outbox/mail-preferences.ts';
import { createMailToken, expiryFromNow, newTokenId, type MailAction } from './mail-tokens.ts';
import {
	renderAuthorCommentMail,
	renderDigestMail,
	type AuthorCommentView
} from './templates/author-mails.ts';
import type { RenderedMail } from './templates/commenter-mails.ts';

const DIGEST_MAX = 100;

export const digestPayloadSchema = z.object({
	from: z.iso.datetime(),
	to: z.iso.datetime(),
	day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
});

function actionsFor(status: CommentRow['status']): MailAction[] {
	if (status === 'held') return ['approve', 'reject', 'spam'];
	if (status === 'published') return ['reject', 'spam'];
	return [];
}

/** Each button is its own signed, single-use token, bound to this comment and this action. */
async function toViews(
	deps: ComposeDeps,
	row: OutboxRow,
	authorId: string,
	comments: CommentRow[]
): Promise<AuthorCommentView[]> {
	const emails = new Map<string, string>();
	const ids = [...new Set(comments.map((c) => c.identity_id))];
	if (ids.length > 0) {
		const identities = await deps.db
			.selectFrom('identities')
			.select(['id', 'email'])
			.where('id', 'in', ids)
			.execute();
		for (const i of identities) emails.set(i.id, i.email ?? '');
	}
	const views: AuthorCommentView[] = [];
	for (const c of comments) {
		if (c.status === 'deleted') continue;
		const actions: AuthorCommentView['actions'] = {};
		for (const a of actionsFor(c.status)) {
			const token = createMailToken(deps.config.tokenSecret, {
				p: 'm',
				j: newTokenId(),
				c: c.id,
				a,
				u: authorId,
				x: expiryFromNow()
			});
			actions[a] = linkTo(row, '/e-mail/moderation', token);
		}
		views.push({
			articleTitle: articleTitle(deps, c.article_slug),
			authorName: c.author_name,
			authorEmail: emails.get(c.identity_id) ?? '',
			authorWebsite: c.author_website,
			body: c.body,
			status: c.status,
			createdAt: c.created_at,
			url: linkTo(row, `/articles/${c.article_slug}#comment-${c.id}`),
			actions
		});
	}
	return views;
}

export async function composeAuthorCommentMail(
	deps: ComposeDeps,
	row: OutboxRow
): Promise<RenderedMail | string> {
	if (!row.author_id) return 'no author';
	const settings = await loadAuthorSettings(deps.db, row.author_id);
	if (settings.notify === 'none') return 'author notifications off';
	const comments = await findCommentsByIds(deps.db, await carriedCommentIds(deps.db, row));
	comments.sort((a, b) => a.id - b.id);
	const views = await toViews(deps, row, row.author_id, comments);
	if (views.length === 0) return 'no comment left';
	return renderAuthorCommentMail({
		comments: views,
		settingsUrl: linkTo(row, '/admin/e-mails'),
		unsubscribeUrl: unsubscribeUrl(deps, row)
	});
}

export async function composeDigestMail(
	deps: ComposeDeps,
	row: OutboxRow
): Promise<RenderedMail | string> {
	if (!row.author_id) return 'no author';
	const settings = await loadAuthorSettings(deps.db, row.author_id);
	if (!settings.digest) return 'digest off';
	const period = digestPayloadSchema.safeParse(JSON.parse(row.payload));
	if (!period.success) return 'bad payload';
	const author = (await listAuthorRecipients(deps.db)).find((a) => a.id === row.author_id);
	if (!author) return 'author gone';
	const own = author.identityId ?? '';
	const comments = await deps.db
		.selectFrom('comments')
		.selectAll()
		.where('created_at', '>=', period.data.from)
		.where('created_at', '<', period.data.to)
		.where('status', '!=', 'deleted')
		.where('identity_id', '!=', own)
		.orderBy('id')
		.limit(DIGEST_MAX)
		.execute();
	const views = await toViews(deps, row, row.author_id, comments);
	if (views.length === 0) return 'nothing new';
	return renderDigestMail({
		day: period.data.day.split('-').reverse().join('/'),
		comments: views,
		settingsUrl: linkTo(row, '/admin/e-mails'),
		unsubscribeUrl: unsubscribeUrl(deps, row)
	});
}
