import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { ThreadEvent } from '../contract/types.ts';

export type StoredEventType = ThreadEvent['type'];

const takeEventIds = prepareQuery((db, p: { slug: string; count: number }) =>
	db
		.updateTable('articles')
		.set((eb) => ({ last_event_id: eb('last_event_id', '+', p.count) }))
		.where('slug', '=', p.slug)
		.returning('last_event_id')
);

const insertEvent = prepareQuery(
	(db, p: { slug: string; id: number; type: string; commentId: number | null; now: string }) =>
		db.insertInto('events').values({
			article_slug: p.slug,
			id: p.id,
			type: p.type,
			comment_id: p.commentId,
			created_at: p.now
		})
);

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
	const [id] = await appendEvents(trx, slug, type, [commentId], now);
	return id!;
}

/** One event per comment id, in that order, with consecutive ids taken in one UPDATE. */
export async function appendEvents(
	trx: Db,
	slug: string,
	type: StoredEventType,
	commentIds: (number | null)[],
	now: string
): Promise<number[]> {
	const count = commentIds.length;
	if (count === 0) return [];
	const [row] = (await takeEventIds(trx, { slug, count })).rows;
	if (!row) throw new Error(`no article ${slug}`);
	const first = Number(row.last_event_id) - count + 1;
	const ids: number[] = [];
	for (const [i, commentId] of commentIds.entries()) {
		const id = first + i;
		await insertEvent(trx, { slug, id, type, commentId, now });
		ids.push(id);
	}
	return ids;
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
