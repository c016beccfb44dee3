import type { Db } from '../db/database.ts';
import type { Emoji } from '../contract/schemas.ts';
import type { ReactionCounts } from '../contract/types.ts';

export async function countReactions(
	db: Db,
	commentIds: number[]
): Promise<Map<number, ReactionCounts>> {
	const result = new Map<number, ReactionCounts>();
	if (commentIds.length === 0) return result;
	const rows = await db
		.selectFrom('reactions')
		.select(['comment_id', 'emoji', (eb) => eb.fn.countAll<number>().as('n')])
		.where('comment_id', 'in', commentIds)
		.groupBy(['comment_id', 'emoji'])
		.execute();
	for (const row of rows) {
		const counts = result.get(row.comment_id) ?? {};
		counts[row.emoji as Emoji] = Number(row.n);
		result.set(row.comment_id, counts);
	}
	return result;
}

export async function listOwnReactions(
	db: Db,
	identityId: string,
	commentIds: number[]
): Promise<Map<number, Emoji[]>> {
	const result = new Map<number, Emoji[]>();
	if (commentIds.length === 0) return result;
	const rows = await db
		.selectFrom('reactions')
		.select(['comment_id', 'emoji'])
		.where('identity_id', '=', identityId)
		.where('comment_id', 'in', commentIds)
		.execute();
	for (const row of rows) {
		const list = result.get(row.comment_id) ?? [];
		list.push(row.emoji as Emoji);
		result.set(row.comment_id, list);
	}
	return result;
}

/**
 * Adds the reaction, or removes it if it was there. Returns whether it is now on. Two toggles
 * racing on PostgreSQL: the delete of a row another one is removing waits and then finds
 * nothing (so it adds); an insert of a row another one just added does nothing. Either way
 * `reaction_count` moves by exactly the rows that changed.
 */
export async function toggleReactionRow(
	trx: Db,
	commentId: number,
	identityId: string,
	emoji: Emoji,
	now: string
): Promise<boolean> {
	const removed = await trx
		.deleteFrom('reactions')
		.where('comment_id', '=', commentId)
		.where('identity_id', '=', identityId)
		.where('emoji', '=', emoji)
		.executeTakeFirst();
	let delta = Number(removed.numDeletedRows) > 0 ? -1 : 0;
	if (delta === 0) {
		const inserted = await trx
			.insertInto('reactions')
			.values({ comment_id: commentId, identity_id: identityId, emoji, created_at: now })
			.onConflict((oc) => oc.columns(['comment_id', 'identity_id', 'emoji']).doNothing())
			.executeTakeFirst();
		delta = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? 1 : 0;
	}
	if (delta !== 0) {
		await trx
			.updateTable('comments')
			.set((eb) => ({ reaction_count: eb('reaction_count', '+', delta) }))
			.where('id', '=', commentId)
			.execute();
	}
	return delta >= 0;
}
