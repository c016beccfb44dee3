import type { Db } from '../db/database.ts';
import type { ThreadEvent } from '../contract/types.ts';

export type StoredEventType = ThreadEvent['type'];

/**
 * Takes the article's next event id inside the caller's transaction. The UPDATE locks the
 * article row until commit, so ids are handed out in commit order, per article.
 */
export async function appendEvent(
	trx: Db,
	slug: string,
	type: StoredEventType,
	commentId: number | null,
	now: string
): Promise<number> {
	const row = await trx
		.updateTable('articles')
		.set((eb) => ({ last_event_id: eb('last_event_id', '+', 1) }))
		.where('slug', '=', slug)
		.returning('last_event_id')
		.executeTakeFirstOrThrow();
	const id = Number(row.last_event_id);
	await trx
		.insertInto('events')
		.values({ article_slug: slug, id, type, comment_id: commentId, created_at: now })
		.execute();
	return id;
}

export async function listEventsSince(
	db: Db,
	slug: string,
	since: number,
	limit: number
): Promise<{ id: number; type: StoredEventType; comment_id: number | null }[]> {
	const rows = await db
		.selectFrom('events')
		.select(['id', 'type', 'comment_id'])
		.where('article_slug', '=', slug)
		.where('id', '>', since)
		.orderBy('id')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ ...r, id: Number(r.id), type: r.type as StoredEventType }));
}
