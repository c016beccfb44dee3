import type { CommentRow } from '../db/schema.ts';
import type { PublicComment, ReactionCounts } from '../contract/types.ts';
import { isGone } from './comment-status.ts';

/**
 * The only way a comment row leaves the server: no e-mail, no IP hash, no keys. A comment
 * that is gone keeps only its place in the tree: no text, name, website, author id or reactions.
 */
export function toPublicComment(
	row: CommentRow,
	reactions: ReactionCounts,
	replyToName: string | null
): PublicComment {
	const deleted = isGone(row.status);
	return {
		id: row.id,
		articleSlug: row.article_slug,
		parentId: row.parent_id,
		replyTo:
			row.reply_to_id !== null && replyToName !== null
				? { id: row.reply_to_id, name: replyToName }
				: null,
		depth: row.depth,
		author: {
			id: deleted ? '' : row.identity_id,
			name: deleted ? '' : row.author_name,
			website: deleted ? null : row.author_website,
			isAuthor: row.is_author === 1
		},
		body: deleted ? '' : row.body,
		status: row.status === 'held' ? 'held' : deleted ? 'deleted' : 'published',
		pinned: row.pinned === 1,
		createdAt: row.created_at,
		editedAt: row.edited_at,
		editedByAuthor: row.edited_by_author === 1,
		reactions: deleted ? {} : reactions
	};
}
