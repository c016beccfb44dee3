import type { Db } from '../db/database.ts';
import type { CommentRow } from '../db/schema.ts';
import type { PublicComment } from '../contract/types.ts';
import { countReactions } from '../reactions/reaction-repository.ts';
import { findCommentsByIds } from './comment-repository.ts';
import { toPublicComment } from './public-comment.ts';

/** Turns rows into public comments with their reaction counts and "en réponse à" names. */
export async function hydrateComments(db: Db, rows: CommentRow[]): Promise<PublicComment[]> {
	const ids = rows.map((r) => r.id);
	const reactions = await countReactions(db, ids);
	const names = new Map(rows.map((r) => [r.id, r.author_name]));
	const missing = [
		...new Set(
			rows.map((r) => r.reply_to_id).filter((id): id is number => id !== null && !names.has(id))
		)
	];
	for (const row of await findCommentsByIds(db, missing)) names.set(row.id, row.author_name);
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
