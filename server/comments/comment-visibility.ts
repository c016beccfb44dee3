import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import { REMOVED_STATUSES } from './comment-status.ts';

/** Who reads a thread. */
export interface Viewer {
	identityId: string | null;
	/** The author sees every held comment, marked as waiting. */
	isAuthor: boolean;
}

/**
 * The one rule for which comments a viewer may see, as a condition on `comments`:
 * - published ones, and deleted ones as placeholders ("Commentaire supprimé");
 * - rejected and spam ones as placeholders too, but only when something answers them, so
 *   that their replies stay in place (a comment refused while held never had any);
 * - held ones only for their writer and for the author.
 */
export function visibleTo(viewer: Viewer) {
	return (eb: ExpressionBuilder<Database, 'comments'>): Expression<SqlBool> => {
		const answered = eb.exists(
			eb
				.selectFrom('comments as reply')
				.select('reply.id')
				.whereRef('reply.article_slug', '=', 'comments.article_slug')
				.where('reply.root_id', '=', eb.fn.coalesce('comments.root_id', 'comments.id'))
				.whereRef('reply.parent_id', '=', 'comments.id')
		);
		const ors: Expression<SqlBool>[] = [
			eb('comments.status', 'in', ['published', 'deleted']),
			eb.and([eb('comments.status', 'in', REMOVED_STATUSES), answered])
		];
		if (viewer.isAuthor) ors.push(eb('comments.status', '=', 'held'));
		else if (viewer.identityId !== null) {
			ors.push(
				eb.and([
					eb('comments.status', '=', 'held'),
					eb('comments.identity_id', '=', viewer.identityId)
				])
			);
		}
		return eb.or(ors);
	};
}
