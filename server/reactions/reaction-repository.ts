import type { Db, DbKind } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { Emoji } from '../contract/schemas.ts';
import type { ReactionCounts } from '../contract/types.ts';

export async function countReactions(
	db: Db,
	commentIds: number[]
): Promise<Map<number, ReactionCounts>> {
	const result = new Map<number, ReactionCounts>();
	if (commentIds.length === 0) return result;
	// One comment (a comment just written or changed): the query compiled once.
	if (commentIds.length === 1) {
		const counts = await readCommentCounts(db, commentIds[0]!);
		if (Object.keys(counts).length > 0) result.set(commentIds[0]!, counts);
		return result;
	}
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

const readCounts = prepareQuery((db, p: { commentId: number }) =>
	db
		.selectFrom('reaction_counts')
		.select(['emoji', 'total'])
		.where('comment_id', '=', p.commentId)
		.where('total', '>', 0)
		.orderBy('emoji')
);

/** One comment's counts, by key. */
export async function readCommentCounts(db: Db, commentId: number): Promise<ReactionCounts> {
	const reactions: ReactionCounts = {};
	for (const row of (await readCounts(db, { commentId })).rows) {
		reactions[row.emoji as Emoji] = Number(row.total);
	}
	return reactions;
}

const readMine = prepareQuery((db, p: { commentId: number; identityId: string }) =>
	db
		.selectFrom('reactions')
		.select('emoji')
		.where('comment_id', '=', p.commentId)
		.where('identity_id', '=', p.identityId)
		.orderBy('emoji')
);

/** The emojis `identityId` has on one comment. */
export async function readOwnEmojis(
	db: Db,
	commentId: number,
	identityId: string
): Promise<Emoji[]> {
	return (await readMine(db, { commentId, identityId })).rows.map((r) => r.emoji as Emoji);
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

/**
 * Removes the reaction, or adds it if it was not there: +1, -1, or 0 when a racing toggle on
 * PostgreSQL got there first (the delete of a row another one is removing waits and then finds
 * nothing, so it adds; an insert of a row another one just added does nothing).
 */
export async function flipReaction(trx: Db, key: Key, now: string): Promise<-1 | 0 | 1> {
	const removed = await deleteReaction(trx, key);
	if (Number(removed.numAffectedRows ?? 0) > 0) return -1;
	const inserted = await insertReaction(trx, { ...key, now });
	return Number(inserted.numAffectedRows ?? 0) > 0 ? 1 : 0;
}

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

/** Moves one emoji's count on one comment, in one statement that locks the row it changes. */
export async function addToReactionCount(
	trx: Db,
	commentId: number,
	emoji: string,
	delta: number
): Promise<void> {
	await addToCount(trx, { commentId, emoji, delta });
}

const addToCommentCount = prepareQuery((db, p: { commentId: number; delta: number }) =>
	db
		.updateTable('comments')
		.set((eb) => ({ reaction_count: eb('reaction_count', '+', p.delta) }))
		.where('id', '=', p.commentId)
);

/** Moves a comment's `reaction_count` (the sum of its counts, kept for the thread's order). */
export async function addToCommentReactionCount(
	trx: Db,
	commentId: number,
	delta: number
): Promise<void> {
	await addToCommentCount(trx, { commentId, delta });
}

/**
 * The batch's comments, read again inside its transaction; on PostgreSQL each row is locked as
 * the batch's count update will lock it (a moderation decision waits, or is seen), in id
 * order, without blocking a reply's foreign-key check.
 */
export async function lockToggledComments(
	trx: Db,
	dbKind: DbKind,
	commentIds: number[]
): Promise<Map<number, { articleSlug: string; status: string }>> {
	const rows = await trx
		.selectFrom('comments')
		.select(['id', 'article_slug', 'status'])
		.where('id', 'in', commentIds)
		.orderBy('id')
		.$if(dbKind === 'postgres', (q) => q.forNoKeyUpdate())
		.execute();
	return new Map(rows.map((r) => [r.id, { articleSlug: r.article_slug, status: r.status }]));
}

/** Whether each of these identities is banned; an identity that is gone is not in the map. */
export async function readBannedFlags(
	trx: Db,
	identityIds: string[]
): Promise<Map<string, boolean>> {
	const rows = await trx
		.selectFrom('identities')
		.select(['id', 'banned'])
		.where('id', 'in', identityIds)
		.execute();
	return new Map(rows.map((r) => [r.id, Boolean(r.banned)]));
}
