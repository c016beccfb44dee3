import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { ThreadEvent } from '../contract/types.ts';

export type StoredEventType = ThreadEvent['type'];

const takeEventId = prepareQuery((db, p: { slug: string }) =>
	db
		.updateTable('articles')
		.set((eb) => ({ last_event_id: eb('last_event_id', '+', 1) }))
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
	const [row] = (await takeEventId(trx, { slug })).rows;
	if (!row) throw new Error(`no article ${slug}`);
	const id = Number(row.last_event_id);
	await insertEvent(trx, { slug, id, type, commentId, now });
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
