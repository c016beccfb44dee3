import type { Actor, AppContext } from '../context/app-context.ts';
import { LIMITS, threadJoinSchema, threadPageSchema } from '../contract/schemas.ts';
import type { PublicComment, ThreadEvent, ThreadPage, ThreadSync } from '../contract/types.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { findArticleState } from '../articles/article-repository.ts';
import { hydrateComments } from '../comments/comment-reader.ts';
import {
	findCommentsByIds,
	findVisibleCommentsByIds,
	listThreadPage,
	type ThreadPageRequest
} from '../comments/comment-repository.ts';
import type { Viewer } from '../comments/comment-visibility.ts';
import { listEventsSince } from '../events/event-repository.ts';
import { listPrivateEventsSince } from '../events/private-event-repository.ts';
import { countReactions } from '../reactions/reaction-repository.ts';
import { isAuthorIdentity } from '../authors/author-repository.ts';

const MAX_CATCH_UP_EVENTS = 1000;

type Stored = {
	id: number;
	type: ThreadEvent['type'];
	comment_id: number | null;
	private?: true;
};

/** Public events in order, each private one right after the public event it follows. */
function mergeByEventId(publicEvents: Stored[], privateEvents: Stored[]): Stored[] {
	const merged: Stored[] = [];
	let p = 0;
	for (const e of publicEvents) {
		while (p < privateEvents.length && privateEvents[p].id < e.id) merged.push(privateEvents[p++]);
		merged.push(e);
	}
	return merged.concat(privateEvents.slice(p));
}

function privateFlag(e: Stored): { private?: true } {
	return e.private ? { private: true } : {};
}

export async function loadThreadPage(
	ctx: AppContext,
	slug: string,
	page: ThreadPageRequest,
	viewer: Viewer
): Promise<ThreadPage> {
	const { rows, hasMore } = await listThreadPage(ctx.db, slug, page, viewer);
	const roots = rows.filter((r) => r.parent_id === null).length;
	return {
		comments: await hydrateComments(ctx.db, rows),
		hasMore,
		nextOffset: page.offset + roots
	};
}

export async function fetchThreadPage(
	ctx: AppContext,
	actor: Actor,
	input: unknown
): Promise<ThreadPage> {
	const data = parseInput(threadPageSchema, input);
	if (!ctx.articles.get(data.slug)) throw new FilError('NOT_FOUND');
	return loadThreadPage(
		ctx,
		data.slug,
		{ sort: data.sort, offset: data.offset, limit: LIMITS.threadsPerPage },
		{
			identityId: actor.identityId,
			isAuthor: await isAuthorIdentity(ctx.db, actor.identityId)
		}
	);
}

/**
 * What a client missed since the last event id it holds, replayed in order with the current
 * state of each comment touched. Held comments of others never appear.
 */
export async function syncThread(
	ctx: AppContext,
	actor: Actor,
	input: unknown
): Promise<ThreadSync> {
	const data = parseInput(threadJoinSchema, input);
	const article = await findArticleState(ctx.db, data.slug);
	if (!article || !ctx.articles.get(data.slug)) throw new FilError('NOT_FOUND');
	const presence = await ctx.presence.count(data.slug);
	const base = { closed: article.closed, presence };
	const since = data.since ?? null;
	if (since === null) return { ...base, cursor: article.lastEventId, events: [], reset: false };
	// A cursor from the future means the client knew another database: start again.
	if (since > article.lastEventId) {
		return { ...base, cursor: article.lastEventId, events: [], reset: true };
	}
	const all = await listEventsSince(ctx.db, data.slug, since, MAX_CATCH_UP_EVENTS + 1);
	if (all.length > MAX_CATCH_UP_EVENTS) {
		return { ...base, cursor: article.lastEventId, events: [], reset: true };
	}
	const isAuthor = await isAuthorIdentity(ctx.db, actor.identityId);
	// Events about held comments live apart: only their writer, and the author, replay them.
	const privates = actor.identityId
		? await listPrivateEventsSince(
				ctx.db,
				data.slug,
				since,
				isAuthor ? 'all' : actor.identityId,
				MAX_CATCH_UP_EVENTS
			)
		: [];
	if (all.length === 0 && privates.length === 0) {
		return { ...base, cursor: since, events: [], reset: false };
	}
	const stored = mergeByEventId(
		all,
		privates.map((e) => ({ ...e, private: true as const }))
	);
	const ids = [
		...new Set(stored.map((e) => e.comment_id).filter((id): id is number => id !== null))
	];
	const rows = new Map((await findCommentsByIds(ctx.db, ids)).map((r) => [r.id, r]));
	const visible = await findVisibleCommentsByIds(ctx.db, ids, {
		identityId: actor.identityId,
		isAuthor
	});
	const comments = new Map<number, PublicComment>(
		(await hydrateComments(ctx.db, visible)).map((c) => [c.id, c])
	);
	const reactions = await countReactions(ctx.db, ids);
	const events: ThreadEvent[] = [];
	for (const e of stored) {
		const row = e.comment_id === null ? undefined : rows.get(e.comment_id);
		if (e.type === 'thread:closed') {
			events.push({ type: e.type, eventId: e.id, articleSlug: data.slug, closed: article.closed });
		} else if (!row) {
			continue;
		} else if (e.type === 'comment:deleted') {
			events.push({
				type: e.type,
				eventId: e.id,
				articleSlug: data.slug,
				commentId: row.id,
				...privateFlag(e)
			});
		} else if (e.type === 'reaction:updated') {
			if (row.status !== 'published') continue;
			const counts = reactions.get(row.id) ?? {};
			events.push({
				type: e.type,
				eventId: e.id,
				articleSlug: data.slug,
				commentId: row.id,
				reactions: counts
			});
		} else {
			const comment = comments.get(row.id);
			if (comment) events.push({ type: e.type, eventId: e.id, comment, ...privateFlag(e) });
		}
	}
	const cursor = all.length > 0 ? all[all.length - 1].id : since;
	return { ...base, cursor, events, reset: false };
}
