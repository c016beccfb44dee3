import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import {
	commentPostSchema,
	LIMITS,
	MAX_ROW_ID,
	MAX_SHOWN,
	reactionToggleSchema,
	threadQuerySchema,
	type Emoji
} from '$contract/schemas';
import { commentReportSchema } from '$contract/moderation';
import { findArticleState } from '$server/articles/article-repository';
import { countPublishedComments } from '$server/comments/comment-repository';
import { loadThreadPage } from '$server/threads/thread-service';
import { countThreadsThrough } from '$server/threads/thread-position';
import { loadCommenterProfile } from '$server/identity/identity-service';
import { listOwnReactions } from '$server/reactions/reaction-repository';
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

type ThreadQuery = z.output<typeof threadQuerySchema>;

// Only the thread and the share box live in the browser: src/lib/island/boot.ts wakes them up,
// without SvelteKit's client router, which this page does not need.
export const csr = false;

export const load: PageServerLoad = async ({ params, url, locals, setHeaders }) => {
	const { ctx, identityId } = locals;
	// The form is prefilled with this browser's own name and address: never a shared cache.
	setHeaders({ 'cache-control': 'private, no-store' });
	const article = ctx.articles.get(params.slug);
	const state = await findArticleState(ctx.db, params.slug);
	if (!article || !state) error(404, { message: 'Cet article n’existe pas.' });
	const query = threadQuerySchema.parse(Object.fromEntries(url.searchParams));
	// The signed-in author comments without the e-mail form and sees held comments.
	const author = await findAuthorByIdentityId(ctx.db, identityId);
	// A form opened by address (?repondre=, ?modifier=, ?supprimer=) is on the page shown.
	const shown = await shownThrough(locals, params.slug, url, query, !!author);
	// The cursor is read before the comments: anything newer is replayed by the live client.
	const page = await loadThreadPage(ctx, params.slug, query.tri, 0, shown, identityId, !!author);
	const ids = page.comments.map((c) => c.id);
	const own = identityId
		? await listOwnReactions(ctx.db, identityId, ids)
		: new Map<number, Emoji[]>();
	return {
		article: {
			slug: article.slug,
			title: article.title,
			html: article.html,
			closingQuestion: article.closingQuestion,
			excerpt: article.excerpt
		},
		thread: {
			comments: page.comments,
			hasMore: page.hasMore,
			nextOffset: page.nextOffset,
			sort: query.tri,
			shown,
			cursor: state.lastEventId,
			closed: state.closed,
			total: await countPublishedComments(ctx.db, params.slug)
		},
		viewer: {
			identityId,
			isAuthor: author !== undefined,
			profile: await loadCommenterProfile(ctx.db, identityId),
			reactions: Object.fromEntries(own) as Record<number, Emoji[]>
		},
		idempotencyKey: locals.pageKey ?? crypto.randomUUID(),
		islandScript: ctx.islandScript,
		editWindowMs: LIMITS.editWindowMs,
		now: Date.now()
	};
};

const formTargetSchema = z.coerce.number().int().positive().max(MAX_ROW_ID);

/** How many threads to show: `?n=`, or more to reach the comment a form in the address is for. */
async function shownThrough(
	locals: App.Locals,
	slug: string,
	url: URL,
	query: ThreadQuery,
	isAuthor: boolean
): Promise<number> {
	const param = ['repondre', 'modifier', 'supprimer'].find((k) => url.searchParams.has(k));
	const target = param ? formTargetSchema.safeParse(url.searchParams.get(param)) : null;
	if (!target?.success) return query.n;
	const through = await countThreadsThrough(locals.ctx.db, slug, query.tri, target.data, {
		identityId: locals.identityId,
		isAuthor
	});
	return through !== null && through > query.n ? Math.min(through, MAX_SHOWN) : query.n;
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
	const through = await countThreadsThrough(locals.ctx.db, params.slug, query.tri, commentId, {
		identityId,
		isAuthor
	});
	const extra: Record<string, number> =
		through !== null && through > query.n ? { n: Math.min(through, MAX_SHOWN) } : {};
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
