import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { ERROR_MESSAGES } from '$contract/errors';
import { LIMITS, MAX_ROW_ID } from '$contract/schemas';
import { countThreadsToShow } from '$server/threads/thread-position';
import { commentReportSchema } from '$contract/moderation';
import { findCommentById } from '$server/comments/comment-repository';
import { hydrateComment } from '$server/comments/comment-reader';
import { reportComment } from '$server/moderation/report-service';
import { ensureSessionFor } from '$lib/server/ensure-session';
import { failFromError } from '$lib/server/form-errors';
import { formText, readForm } from '$lib/server/form-fields';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const paramsSchema = z.object({
	id: z.coerce.number().int().positive().max(MAX_ROW_ID)
});

/** The comment being reported: a published comment of this article, or a 404. */
async function findReported(event: Pick<RequestEvent, 'params' | 'locals'>) {
	const parsed = paramsSchema.safeParse(event.params);
	const row = parsed.success
		? await findCommentById(event.locals.ctx.db, parsed.data.id)
		: undefined;
	if (!row || row.article_slug !== event.params.slug || row.status !== 'published') {
		error(404, { message: ERROR_MESSAGES.NOT_FOUND, code: 'NOT_FOUND' });
	}
	return row;
}

/** "Signaler" without JavaScript: the reasons for one comment, on a page of their own. */
export const load: PageServerLoad = async (event) => {
	const article = event.locals.ctx.articles.get(event.params.slug);
	const parsed = paramsSchema.safeParse(event.params);
	if (!article || !parsed.success)
		error(404, { message: ERROR_MESSAGES.NOT_FOUND, code: 'NOT_FOUND' });
	const { identityId, ctx } = event.locals;
	const id = parsed.data.id;
	const shown = await countThreadsToShow(
		ctx.db,
		article.slug,
		{ sort: 'oldest', n: LIMITS.firstPageThreads, commentId: id },
		{ identityId, isAuthor: false }
	);
	const n = shown > LIMITS.firstPageThreads ? `?n=${shown}` : '';
	const base = { articleTitle: article.title, back: `/articles/${article.slug}${n}#comment-${id}` };
	// Once sent, the comment may be held already: the thanks do not show it.
	if (event.url.searchParams.has('envoye')) return { ...base, comment: null };
	const comment = await hydrateComment(event.locals.ctx.db, await findReported(event));
	return { ...base, comment: { name: comment.author.name, body: comment.body } };
};

export const actions: Actions = {
	default: async (event) => {
		const row = await findReported(event);
		const form = await readForm(event);
		const values = { commentId: String(row.id), reason: formText(form, 'reason') };
		const input = { commentId: row.id, reason: values.reason };
		try {
			const identityId = await ensureSessionFor(event, commentReportSchema, input);
			await reportComment(event.locals.ctx, { identityId, ipHash: event.locals.ipHash }, input);
		} catch (e) {
			return failFromError(event, e, 'report', values);
		}
		redirect(303, `/articles/${event.params.slug}/signaler/${row.id}?envoye`);
	}
};
