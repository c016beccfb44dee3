import { redirect, type RequestEvent } from '@sveltejs/kit';
import { queueQuerySchema } from '$contract/moderation';
import { findArticleState } from '$server/articles/article-repository';
import { countQueues, listQueue, QUEUE_PAGE_SIZE } from '$server/moderation/moderation-reader';
import { toModerationItems } from '$server/comments/moderation-item';
import {
	editCommentAsModerator,
	moderateComment,
	moderateComments
} from '$server/moderation/moderation-service';
import { banCommenter } from '$server/moderation/ban-service';
import { setThreadClosed } from '$server/moderation/thread-close-service';
import { failFromError } from '$lib/server/form-errors';
import { formNumber, formText, readForm } from '$lib/server/form-fields';
import { requireAuthorAction } from '$lib/server/require-author';
import type { Moderator } from '$server/moderation/moderator';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const { ctx } = locals;
	const query = queueQuerySchema.parse(Object.fromEntries(url.searchParams));
	const slug = query.article && ctx.articles.get(query.article) ? query.article : undefined;
	const offset = (query.page - 1) * QUEUE_PAGE_SIZE;
	const [{ rows, hasMore }, counts] = await Promise.all([
		listQueue(ctx.db, query.file, slug, offset),
		countQueues(ctx.db, slug)
	]);
	const articles = await Promise.all(
		ctx.articles.list().map(async (a) => ({
			slug: a.slug,
			title: a.title,
			closed: (await findArticleState(ctx.db, a.slug))?.closed ?? false
		}))
	);
	return {
		query: { file: query.file, article: slug ?? null, page: query.page },
		items: await toModerationItems(ctx, rows),
		hasMore,
		counts,
		articles
	};
};

/** Back to the queue the form came from: the action's own `?/name` key is dropped. */
function backTo(event: RequestEvent): string {
	const params = new URLSearchParams();
	for (const [k, v] of event.url.searchParams) if (!k.startsWith('/')) params.append(k, v);
	const search = params.toString();
	return `/admin${search ? `?${search}` : ''}`;
}

type Run = (ctx: App.Locals['ctx'], moderator: Moderator, form: FormData) => Promise<unknown>;

/** Every action: author or 401/403 first, then the service, then back to the queue (PRG). */
function action(name: string, run: Run) {
	return async (event: RequestEvent) => {
		const moderator = await requireAuthorAction(event);
		const form = await readForm(event);
		try {
			await run(event.locals.ctx, moderator, form);
		} catch (e) {
			return failFromError(event, e, name, { commentId: formText(form, 'commentId') });
		}
		redirect(303, backTo(event));
	};
}

const commentId = (form: FormData) => formNumber(form.get('commentId'));

export const actions: Actions = {
	moderate: action('moderate', (ctx, m, form) =>
		moderateComment(ctx, m, { commentId: commentId(form), action: formText(form, 'action') })
	),
	bulk: action('bulk', (ctx, m, form) =>
		moderateComments(ctx, m, {
			commentIds: form.getAll('commentId').map(formNumber),
			action: formText(form, 'action')
		})
	),
	edit: action('edit', (ctx, m, form) =>
		editCommentAsModerator(ctx, m, { commentId: commentId(form), body: formText(form, 'body') })
	),
	ban: action('ban', (ctx, m, form) =>
		banCommenter(ctx, m, {
			commentId: commentId(form),
			includeIp: form.get('includeIp') === 'on',
			rejectAll: form.get('rejectAll') === 'on'
		})
	),
	thread: action('thread', (ctx, m, form) =>
		setThreadClosed(ctx, m, {
			slug: formText(form, 'slug'),
			closed: formText(form, 'closed') === '1'
		})
	)
};
