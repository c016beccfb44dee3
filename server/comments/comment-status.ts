import type { CommentRow } from '../db/schema.ts';

/** Removed by a moderator: shown, like a deleted comment, as a bare placeholder. */
export const REMOVED_STATUSES = ['rejected', 'spam'] as const;

export function isRemoved(status: CommentRow['status']): boolean {
	return (REMOVED_STATUSES as readonly string[]).includes(status);
}

/** Deleted by its writer, or rejected or marked spam by a moderator: a bare placeholder. */
export function isGone(status: CommentRow['status']): boolean {
	return status === 'deleted' || isRemoved(status);
}

/** Who saw a comment in this state: everyone, only its writer (held), or no reader at all. */
export type Reach = { kind: 'public' } | { kind: 'private'; identityId: string } | { kind: 'none' };

export function reachOf(row: Pick<CommentRow, 'status' | 'identity_id'>): Reach {
	if (row.status === 'published') return { kind: 'public' };
	if (row.status === 'held') return { kind: 'private', identityId: row.identity_id };
	return { kind: 'none' };
}

/**
 * Who is told of a change to a comment in this state: readers of a published one; only its
 * writer (and the author) otherwise.
 */
export function audienceOf(
	row: Pick<CommentRow, 'status' | 'identity_id'>
): Exclude<Reach, { kind: 'none' }> {
	return row.status === 'published'
		? { kind: 'public' }
		: { kind: 'private', identityId: row.identity_id };
}
