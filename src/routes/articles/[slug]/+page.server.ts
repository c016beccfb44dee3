import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import {
	commentPostSchema,
	LIMITS,
	MAX_ROW_ID,
	reactionToggleSchema,
	threadQuerySchema
} from '$contract/schemas';
import { commentReportSchema } from '$contract/moderation';
import { loadArticlePage } from '$server/threads/article-page';
import { countThreadsToShow } from '$server/threads/thread-position';
import { postComment } from '$server/comments/comment-service';
import { deleteOwnComment, editOwnComment } from '$server/comments/own-comment-service';
import { toggleReaction } from '$server/reactions/reaction-service';
import { reportComment } from '$server/moderation/report-service';
import { findAuthorByIdentityId } from '$server/authors/author-repository';
import { ensureSessionFor } from '$lib/server/ensure-session';
import { failFromError } from '$lib/server/form-errors';
import { formNumber, formText, readForm } from '$lib/server/form-fields';
import { searchWith, threadQueryOf } from '$lib/components/thread-links';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// Only the thread and the share box live in the browser: src/lib/island/boot.ts wakes them up,
// without SvelteKit's client router, which this page does not need.
export const csr = false;

export const load: PageServerLoad = async ({ params, url, locals, setHeaders }) => {
	const { ctx, identityId } = locals;
	// The form is prefilled with this browser's own name and address: never a shared cache.
	setHeaders({ 'cache-control': 'private, no-store' });
	const query = threadQuerySchema.parse(Object.fromEntries(url.searchParams));
	const page = await loadArticlePage(ctx, {
		slug: params.slug,
		sort: query.tri,
		n: query.n,
		formTarget: formTargetOf(url),
		identityId
	});
	if (!page) error(404, { message: 'Cet article n’existe pas.' });
	return {
		...page,
		idempotencyKey: locals.pageKey ?? crypto.randomUUID(),
		islandScript: ctx.islandScript,
		editWindowMs: LIMITS.editWindowMs,
		now: Date.now()
	};
};

const formTargetSchema = z.coerce.number().int().positive().max(MAX_ROW_ID);

/** The comment a form opened by address (?repondre=, ?modifier=, ?supprimer=) is for. */
function formTargetOf(url: URL): number | null {
	const param = ['repondre', 'modifier', 'supprimer'].find((k) => url.searchParams.has(k));
	const target = param ? formTargetSchema.safeParse(url.searchParams.get(param)) : null;
	return target?.success ? target.data : null;
}

function optionalId(form: FormData, name: string): number | null {
	const v = formText(form, name);
	return v === '' ? null : formNumber(v);
}

/**
 * Back to a comment, keeping the page's sort and count but not the action or open forms; the
 * count grows if the comment's thread is beyond it (the first page shows only a few threads).
 */
async function anchorUrl(event: RequestEvent, commentId: number): Promise<string> {
	const { url, params, locals } = event;
	const query = threadQuerySchema.parse(Object.fromEntries(url.searchParams));
	const identityId = locals.identityId;
	const isAuthor = (await findAuthorByIdentityId(locals.ctx.db, identityId)) !== undefined;
	const shown = await countThreadsToShow(
		locals.ctx.db,
		params.slug,
		{ sort: query.tri, n: query.n, commentId },
		{ identityId, isAuthor }
	);
	const extra: Record<string, number> = shown > query.n ? { n: shown } : {};
	return `/articles/${params.slug}${searchWith(threadQueryOf(url), extra)}#comment-${commentId}`;
}

export const actions: Actions = {
	comment: async (event) => {
		const form = await readForm(event);
		const values = {
			body: formText(form, 'body'),
			name: formText(form, 'name'),
			email: formText(form, 'email'),
			website: formText(form, 'website'),
			notify: form.get('notify') === 'on',
			parentId: formText(form, 'parentId')
		};
		const input = {
			slug: event.params.slug,
			parentId: optionalId(form, 'parentId'),
			body: values.body,
			name: values.name,
			email: values.email,
			website: values.website,
			notify: values.notify,
			idempotencyKey: formText(form, 'idempotencyKey')
		};
		let commentId: number;
		try {
			const identityId = await ensureSessionFor(event, commentPostSchema, input);
			const comment = await postComment(
				event.locals.ctx,
				{ identityId, ipHash: event.locals.ipHash },
				input
			);
			commentId = comment.id;
		} catch (e) {
			return failFromError(event, e, 'comment', values);
		}
		redirect(303, await anchorUrl(event, commentId));
	},

	edit: async (event) => {
		const form = await readForm(event);
		const values = { body: formText(form, 'body'), commentId: formText(form, 'commentId') };
		let commentId: number;
		try {
			const comment = await editOwnComment(
				event.locals.ctx,
				{ identityId: event.locals.identityId, ipHash: event.locals.ipHash },
				{ commentId: formNumber(values.commentId), body: values.body }
			);
			commentId = comment.id;
		} catch (e) {
			return failFromError(event, e, 'edit', values);
		}
		redirect(303, await anchorUrl(event, commentId));
	},

	delete: async (event) => {
		const form = await readForm(event);
		const values = { commentId: formText(form, 'commentId') };
		try {
			await deleteOwnComment(
				event.locals.ctx,
				{ identityId: event.locals.identityId, ipHash: event.locals.ipHash },
				{ commentId: formNumber(values.commentId) }
			);
		} catch (e) {
			return failFromError(event, e, 'delete', values);
		}
		redirect(
			303,
			`/articles/${event.params.slug}${searchWith(threadQueryOf(event.url))}#commentaires`
		);
	},

	react: async (event) => {
		const form = await readForm(event);
		const values = { commentId: formText(form, 'commentId'), emoji: formText(form, 'emoji') };
		const input = { commentId: formNumber(values.commentId), emoji: values.emoji };
		try {
			const identityId = await ensureSessionFor(event, reactionToggleSchema, input);
			await toggleReaction(event.locals.ctx, { identityId, ipHash: event.locals.ipHash }, input);
		} catch (e) {
			return failFromError(event, e, 'react', values);
		}
		redirect(303, await anchorUrl(event, formNumber(values.commentId)));
	},

	report: async (event) => {
		const form = await readForm(event);
		const values = { commentId: formText(form, 'commentId'), reason: formText(form, 'reason') };
		const input = { commentId: formNumber(values.commentId), reason: values.reason };
		try {
			const identityId = await ensureSessionFor(event, commentReportSchema, input);
			await reportComment(event.locals.ctx, { identityId, ipHash: event.locals.ipHash }, input);
		} catch (e) {
			return failFromError(event, e, 'report', values);
		}
		redirect(303, await anchorUrl(event, formNumber(values.commentId)));
	}
};
