import type { CommentRow } from '../db/schema.ts';

export interface Placement {
	root_id: number | null;
	parent_id: number | null;
	reply_to_id: number | null;
	depth: number;
}

/**
 * Where a reply goes in the tree. Top-level comments are depth 1; a reply to a comment at the
 * deepest level becomes its sibling, and remembers whom it answers ("en réponse à …").
 */
export function placeReply(
	parent: Pick<CommentRow, 'id' | 'root_id' | 'parent_id' | 'depth'> | undefined,
	maxDepth: number
): Placement {
	if (!parent) return { root_id: null, parent_id: null, reply_to_id: null, depth: 1 };
	const root = parent.root_id ?? parent.id;
	if (parent.depth >= maxDepth) {
		return { root_id: root, parent_id: parent.parent_id, reply_to_id: parent.id, depth: maxDepth };
	}
	return { root_id: root, parent_id: parent.id, reply_to_id: null, depth: parent.depth + 1 };
}
