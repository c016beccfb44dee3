import type { Db } from '../db/database.ts';
import type { CommentRow } from '../db/schema.ts';
import type { PublicComment } from '../contract/types.ts';
import { countReactions } from '../reactions/reaction-repository.ts';
import { findCommentsByIds } from './comment-repository.ts';
import { isGone } from './comment-status.ts';
import { toPublicComment } from './public-comment.ts';

/**
 * Turns rows into public comments with their reaction counts and "en réponse à" names; a reply
 * to a comment that is gone does not name its writer.
 */
export async function hydrateComments(db: Db, rows: CommentRow[]): Promise<PublicComment[]> {
	const ids = rows.map((r) => r.id);
	const reactions = await countReactions(db, ids);
	const known = new Map(rows.map((r) => [r.id, r]));
	const missing = [
		...new Set(
			rows.map((r) => r.reply_to_id).filter((id): id is number => id !== null && !known.has(id))
		)
	];
	for (const row of await findCommentsByIds(db, missing)) known.set(row.id, row);
	const names = new Map(
		[...known.values()].filter((r) => !isGone(r.status)).map((r) => [r.id, r.author_name])
	);
	return rows.map((row) =>
		toPublicComment(
			row,
			reactions.get(row.id) ?? {},
			row.reply_to_id === null ? null : (names.get(row.reply_to_id) ?? null)
		)
	);
}

export async function hydrateComment(db: Db, row: CommentRow): Promise<PublicComment> {
	const [comment] = await hydrateComments(db, [row]);
	return comment;
}
