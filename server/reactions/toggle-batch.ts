import type { ToggleRequest, ToggleResult } from '../context/app-context.ts';
import type { Db, DbKind } from '../db/database.ts';
import { compareKeys } from '../db/lock-order.ts';
import type { Emoji } from '../contract/schemas.ts';
import type { ReactionCounts } from '../contract/types.ts';
import { FilError } from '../errors/fil-error.ts';
import { appendEvents } from '../events/event-repository.ts';
import {
	addToCommentReactionCount,
	addToReactionCount,
	flipReaction,
	lockToggledComments,
	readBannedFlags,
	readCommentCounts,
	readOwnEmojis
} from './reaction-repository.ts';

/** One `reaction:updated` per comment the batch changed: its event id and committed counts. */
export interface CommentUpdate {
	slug: string;
	commentId: number;
	eventId: number;
	reactions: ReactionCounts;
}

/** Rows of each table are locked in this order, so two batches on PostgreSQL cannot deadlock. */
function lockOrder(a: ToggleRequest, b: ToggleRequest): number {
	return (
		a.commentId - b.commentId ||
		compareKeys(a.emoji, b.emoji) ||
		compareKeys(a.identityId, b.identityId)
	);
}

function addTo<K>(map: Map<K, number>, key: K, delta: number): void {
	map.set(key, (map.get(key) ?? 0) + delta);
}

/**
 * The entry point's checks, made again inside the transaction: a toggle waits (limiter, queue)
 * while a moderator may hold the comment or ban the reader. Null where the toggle may go on.
 */
async function checkAgain(
	trx: Db,
	dbKind: DbKind,
	requests: readonly ToggleRequest[]
): Promise<(FilError | null)[]> {
	const commentIds = [...new Set(requests.map((r) => r.commentId))].sort((a, b) => a - b);
	const comments = await lockToggledComments(trx, dbKind, commentIds);
	const banned = await readBannedFlags(trx, [...new Set(requests.map((r) => r.identityId))]);
	return requests.map((r) => {
		const isBanned = banned.get(r.identityId);
		if (isBanned === undefined) return new FilError('SESSION_REQUIRED');
		if (isBanned) return new FilError('BANNED');
		const comment = comments.get(r.commentId);
		const visible = comment?.status === 'published' && comment.articleSlug === r.slug;
		return visible ? null : new FilError('NOT_FOUND');
	});
}

/** Flips each reaction row, in lock order; the count changes they add up to, by key. */
async function flipAll(trx: Db, ordered: ToggleRequest[], now: string) {
	const byEmoji = new Map<string, number>();
	const byComment = new Map<number, number>();
	const slugOf = new Map<number, string>();
	for (const r of ordered) {
		const delta = await flipReaction(trx, r, now);
		addTo(byEmoji, `${r.commentId} ${r.emoji}`, delta);
		addTo(byComment, r.commentId, delta);
		slugOf.set(r.commentId, r.slug);
	}
	return { byEmoji, byComment, slugOf };
}

/** One event per changed comment, article by article, with the counts as they now stand. */
async function recordUpdates(
	trx: Db,
	slugOf: Map<number, string>,
	now: string
): Promise<CommentUpdate[]> {
	const commentsOf = new Map<string, number[]>();
	for (const [commentId, slug] of slugOf) {
		commentsOf.set(slug, [...(commentsOf.get(slug) ?? []), commentId]);
	}
	const updates: CommentUpdate[] = [];
	for (const slug of [...commentsOf.keys()].sort(compareKeys)) {
		const commentIds = commentsOf.get(slug)!;
		const eventIds = await appendEvents(trx, slug, 'reaction:updated', commentIds, now);
		for (const [i, commentId] of commentIds.entries()) {
			const reactions = await readCommentCounts(trx, commentId);
			updates.push({ slug, commentId, eventId: eventIds[i]!, reactions });
		}
	}
	return updates;
}

/**
 * Applies toggles in the caller's transaction, one table at a time (comments checked, then
 * reactions, counts, comments, articles and events): one count update per comment and emoji
 * and one event per comment, however many toggles there were. Two toggles of the same key
 * apply in the order given (the sort is stable). Each result is the state once the whole batch
 * is applied, or the refusal of a toggle that may no longer be written.
 */
export async function applyToggles(
	trx: Db,
	dbKind: DbKind,
	requests: readonly ToggleRequest[],
	now: string
): Promise<{ results: (ToggleResult | FilError)[]; updates: CommentUpdate[] }> {
	const refusals = await checkAgain(trx, dbKind, requests);
	const allowed = requests.filter((_, i) => refusals[i] === null);
	const { byEmoji, byComment, slugOf } = await flipAll(trx, allowed.sort(lockOrder), now);
	for (const [key, delta] of byEmoji) {
		const [commentId, emoji] = key.split(' ') as [string, string];
		if (delta !== 0) await addToReactionCount(trx, Number(commentId), emoji, delta);
	}
	for (const [commentId, delta] of byComment) {
		if (delta !== 0) await addToCommentReactionCount(trx, commentId, delta);
	}
	const updates = await recordUpdates(trx, slugOf, now);
	const countsOf = new Map(updates.map((u) => [u.commentId, u.reactions]));
	// A reader with several toggles of one comment in the batch: one read of their emojis.
	const mineOf = new Map<string, Emoji[]>();
	const results: (ToggleResult | FilError)[] = [];
	for (const [i, r] of requests.entries()) {
		const refusal = refusals[i];
		if (refusal) {
			results.push(refusal);
			continue;
		}
		const key = `${r.commentId} ${r.identityId}`;
		let mine = mineOf.get(key);
		if (!mine) mineOf.set(key, (mine = await readOwnEmojis(trx, r.commentId, r.identityId)));
		results.push({ reactions: countsOf.get(r.commentId)!, mine });
	}
	return { results, updates };
}
