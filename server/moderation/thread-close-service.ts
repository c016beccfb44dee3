import type { AppContext } from '../context/app-context.ts';
import { threadCloseSchema } from '../contract/moderation.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { appendEvent } from '../events/event-repository.ts';
import { findArticleState } from '../articles/article-repository.ts';
import { insertAudit } from './audit-repository.ts';
import { authoriseModerator, viaOf, type Moderator } from './moderator.ts';

/** Closes or reopens an article's thread; readers see the form go or come back at once. */
export async function setThreadClosed(
	ctx: AppContext,
	moderator: Moderator,
	input: unknown
): Promise<{ closed: boolean }> {
	const data = parseInput(threadCloseSchema, input);
	const author = await authoriseModerator(ctx, moderator);
	const state = await findArticleState(ctx.db, data.slug);
	if (!state || !ctx.articles.get(data.slug)) throw new FilError('NOT_FOUND');
	if (state.closed === data.closed) return { closed: data.closed };
	const now = new Date().toISOString();
	const eventId = await ctx.db.transaction().execute(async (trx) => {
		await trx
			.updateTable('articles')
			.set({ closed: data.closed ? 1 : 0 })
			.where('slug', '=', data.slug)
			.execute();
		await insertAudit(trx, {
			authorId: author.id,
			via: viaOf(moderator),
			action: data.closed ? 'close' : 'reopen',
			articleSlug: data.slug,
			now
		});
		return appendEvent(trx, data.slug, 'thread:closed', null, now);
	});
	ctx.bus.publish({
		event: { type: 'thread:closed', eventId, articleSlug: data.slug, closed: data.closed },
		articleSlug: data.slug,
		audience: { kind: 'public' }
	});
	return { closed: data.closed };
}
