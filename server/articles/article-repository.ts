import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';

export async function upsertArticle(
	db: Db,
	slug: string,
	title: string,
	now: string
): Promise<void> {
	await db
		.insertInto('articles')
		.values({ slug, title, closed: 0, last_event_id: 0, created_at: now })
		.onConflict((oc) => oc.column('slug').doUpdateSet({ title }))
		.execute();
}

const selectState = prepareQuery((db, p: { slug: string }) =>
	db.selectFrom('articles').select(['closed', 'last_event_id']).where('slug', '=', p.slug)
);

export async function findArticleState(
	db: Db,
	slug: string
): Promise<{ closed: boolean; lastEventId: number } | undefined> {
	const [row] = (await selectState(db, { slug })).rows;
	return row ? { closed: row.closed === 1, lastEventId: Number(row.last_event_id) } : undefined;
}
