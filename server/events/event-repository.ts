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
	now: string,
	/** An event about a held comment: replayed only to its writer and to the moderators. */
	privateTo: string | null = null
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
		.values({
			article_slug: slug,
			id,
			type,
			comment_id: commentId,
			created_at: now,
			private_to: privateTo
		})
		.execute();
	return id;
}

export async function listEventsSince(
	db: Db,
	slug: string,
	since: number,
	limit: number
): Promise<
	{ id: number; type: StoredEventType; comment_id: number | null; private_to: string | null }[]
> {
	const rows = await db
		.selectFrom('events')
		.select(['id', 'type', 'comment_id', 'private_to'])
		.where('article_slug', '=', slug)
		.where('id', '>', since)
		.orderBy('id')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ ...r, id: Number(r.id), type: r.type as StoredEventType }));
}
