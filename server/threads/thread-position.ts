import type { Sort } from '../contract/constants.ts';
import { MAX_SHOWN } from '../contract/schemas.ts';
import type { Db } from '../db/database.ts';
import { visibleTo, type Viewer } from '../comments/comment-visibility.ts';
import { atOrBefore } from '../comments/thread-order.ts';

/**
 * How many threads a page must show, in `sort` order, to include the thread of `commentId`.
 * Null for a comment the viewer may not see.
 */
export async function countThreadsThrough(
	db: Db,
	slug: string,
	sort: Sort,
	commentId: number,
	viewer: Viewer
): Promise<number | null> {
	const comment = await db
		.selectFrom('comments')
		.select(['root_id', 'id'])
		.where('id', '=', commentId)
		.where('article_slug', '=', slug)
		.where(visibleTo(viewer))
		.executeTakeFirst();
	if (!comment) return null;
	const root = await db
		.selectFrom('comments')
		.select(['id', 'pinned', 'reaction_count'])
		.where('id', '=', comment.root_id ?? comment.id)
		.executeTakeFirst();
	if (!root) return null;
	const row = await db
		.selectFrom('comments')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('article_slug', '=', slug)
		.where('parent_id', 'is', null)
		.where(visibleTo(viewer))
		.where(atOrBefore(sort, root))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/**
 * How many threads to show: `n`, or more (up to MAX_SHOWN) to reach the thread of `commentId`,
 * so that a link or a form without JavaScript comes back to a comment beyond the first page.
 */
export async function countThreadsToShow(
	db: Db,
	slug: string,
	view: { sort: Sort; n: number; commentId: number | null },
	viewer: Viewer
): Promise<number> {
	if (view.commentId === null) return view.n;
	const through = await countThreadsThrough(db, slug, view.sort, view.commentId, viewer);
	return through !== null && through > view.n ? Math.min(through, MAX_SHOWN) : view.n;
}
