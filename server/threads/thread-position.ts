import type { Sort } from '../contract/constants.ts';
import type { Db } from '../db/database.ts';
import { visibleTo, type Viewer } from '../comments/comment-visibility.ts';

/**
 * How many threads a page must show, in `sort` order, to include the thread of `commentId`
 * (the order of listThreadPage: pinned first, then the sort). Null for a comment the viewer
 * may not see.
 * Lets a form without JavaScript come back to a comment beyond the first page.
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
		.where((eb) => {
			const sameRank =
				sort === 'newest'
					? eb('id', '>=', root.id)
					: sort === 'reactions'
						? eb.or([
								eb('reaction_count', '>', root.reaction_count),
								eb.and([eb('reaction_count', '=', root.reaction_count), eb('id', '<=', root.id)])
							])
						: eb('id', '<=', root.id);
			return eb.or([
				eb('pinned', '>', root.pinned),
				eb.and([eb('pinned', '=', root.pinned), sameRank])
			]);
		})
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
