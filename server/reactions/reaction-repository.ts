import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { Emoji } from '../contract/schemas.ts';
import type { ReactionCounts } from '../contract/types.ts';

export async function countReactions(
	db: Db,
	commentIds: number[]
): Promise<Map<number, ReactionCounts>> {
	const result = new Map<number, ReactionCounts>();
	if (commentIds.length === 0) return result;
	const rows = await db
		.selectFrom('reaction_counts')
		.select(['comment_id', 'emoji', 'total'])
		.where('comment_id', 'in', commentIds)
		.where('total', '>', 0)
		.orderBy('comment_id')
		.orderBy('emoji')
		.execute();
	for (const row of rows) {
		const counts = result.get(row.comment_id) ?? {};
		counts[row.emoji as Emoji] = Number(row.total);
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

type Key = { commentId: number; identityId: string; emoji: string };

const readTarget = prepareQuery((db, p: { identityId: string; commentId: number }) =>
	db
		.selectFrom('identities as i')
		.leftJoin('comments as c', (join) => join.on('c.id', '=', p.commentId))
		.select(['i.banned', 'c.article_slug', 'c.status'])
		.where('i.id', '=', p.identityId)
);

/**
 * Who toggles and on what, in one read: undefined without the identity, the comment's article
 * and status null without the comment.
 */
export async function findToggleTarget(
	db: Db,
	identityId: string,
	commentId: number
): Promise<{ banned: boolean; articleSlug: string | null; status: string | null } | undefined> {
	const [row] = (await readTarget(db, { identityId, commentId })).rows;
	if (!row) return undefined;
	return { banned: Boolean(row.banned), articleSlug: row.article_slug, status: row.status };
}

const readState = prepareQuery((db, p: { commentId: number; identityId: string }) =>
	db
		.selectFrom('reaction_counts as rc')
		.select((eb) => [
			'rc.emoji',
			'rc.total',
			eb
				.exists(
					eb
						.selectFrom('reactions as r')
						.select('r.emoji')
						.whereRef('r.comment_id', '=', 'rc.comment_id')
						.where('r.identity_id', '=', p.identityId)
						.whereRef('r.emoji', '=', 'rc.emoji')
				)
				.as('mine')
		])
		.where('rc.comment_id', '=', p.commentId)
		.where('rc.total', '>', 0)
		.orderBy('rc.emoji')
);

/** One comment's counts and the emojis `identityId` has on it, in one read. */
export async function readReactionState(
	db: Db,
	commentId: number,
	identityId: string
): Promise<{ reactions: ReactionCounts; mine: Emoji[] }> {
	const { rows } = await readState(db, { commentId, identityId });
	const reactions: ReactionCounts = {};
	const mine: Emoji[] = [];
	for (const row of rows) {
		reactions[row.emoji as Emoji] = Number(row.total);
		// 0/1 on SQLite, a boolean on PostgreSQL.
		if (Number(row.mine) === 1) mine.push(row.emoji as Emoji);
	}
	return { reactions, mine };
}

const deleteReaction = prepareQuery((db, p: Key) =>
	db
		.deleteFrom('reactions')
		.where('comment_id', '=', p.commentId)
		.where('identity_id', '=', p.identityId)
		.where('emoji', '=', p.emoji)
);

const insertReaction = prepareQuery((db, p: Key & { now: string }) =>
	db
		.insertInto('reactions')
		.values({
			comment_id: p.commentId,
			identity_id: p.identityId,
			emoji: p.emoji,
			created_at: p.now
		})
		.onConflict((oc) => oc.columns(['comment_id', 'identity_id', 'emoji']).doNothing())
);

const addToCount = prepareQuery((db, p: { commentId: number; emoji: string; delta: number }) =>
	db
		.insertInto('reaction_counts')
		.values({ comment_id: p.commentId, emoji: p.emoji, total: p.delta })
		.onConflict((oc) =>
			oc
				.columns(['comment_id', 'emoji'])
				.doUpdateSet((eb) => ({ total: eb('reaction_counts.total', '+', p.delta) }))
		)
);

const addToCommentCount = prepareQuery((db, p: { commentId: number; delta: number }) =>
	db
		.updateTable('comments')
		.set((eb) => ({ reaction_count: eb('reaction_count', '+', p.delta) }))
		.where('id', '=', p.commentId)
);

/**
 * Adds the reaction, or removes it if it was there. Returns whether it is now on. Two toggles
 * racing on PostgreSQL: the delete of a row another one is removing waits and then finds
 * nothing (so it adds); an insert of a row another one just added does nothing. Either way
 * `reaction_counts` and `reaction_count` move by exactly the rows that changed, each in one
 * statement that locks the row it changes.
 */
export async function toggleReactionRow(
	trx: Db,
	commentId: number,
	identityId: string,
	emoji: Emoji,
	now: string
): Promise<boolean> {
	const key = { commentId, identityId, emoji };
	const removed = await deleteReaction(trx, key);
	let delta = Number(removed.numAffectedRows ?? 0) > 0 ? -1 : 0;
	if (delta === 0) {
		const inserted = await insertReaction(trx, { ...key, now });
		delta = Number(inserted.numAffectedRows ?? 0) > 0 ? 1 : 0;
	}
	if (delta !== 0) {
		await addToCount(trx, { commentId, emoji, delta });
		await addToCommentCount(trx, { commentId, delta });
	}
	return delta >= 0;
}
