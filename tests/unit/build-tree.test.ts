import { describe, expect, it } from 'vitest';
import type { PublicComment } from '../../server/contract/types.ts';
import { buildTree, flattenTree, type TreeOptions } from '../../src/lib/live/build-tree.ts';
import { applyEvent, createModel } from '../../src/lib/live/thread-model.ts';
import { makeComment } from './thread-fixtures.ts';

function byId(...comments: PublicComment[]): Record<number, PublicComment> {
	return Object.fromEntries(comments.map((c) => [c.id, c]));
}

const oldest: TreeOptions = { sort: 'oldest', rank: {}, hidden: [] };

describe('buildTree', () => {
	it('nests replies under their parents, oldest reply first', () => {
		const tree = buildTree(
			byId(
				makeComment(1),
				makeComment(4, { parentId: 1, depth: 2 }),
				makeComment(2),
				makeComment(3, { parentId: 1, depth: 2 }),
				makeComment(5, { parentId: 3, depth: 3 })
			),
			oldest
		);
		expect(flattenTree(tree)).toEqual([1, 3, 5, 4, 2]);
		expect(tree[0].children.map((n) => n.comment.id)).toEqual([3, 4]);
	});

	it('orders top-level comments by the chosen sort, pinned ones first', () => {
		const comments = byId(
			makeComment(1),
			makeComment(2, { pinned: true }),
			makeComment(3),
			makeComment(4)
		);
		const ids = (options: TreeOptions) => buildTree(comments, options).map((n) => n.comment.id);
		expect(ids(oldest)).toEqual([2, 1, 3, 4]);
		expect(ids({ ...oldest, sort: 'newest' })).toEqual([2, 4, 3, 1]);
		// "Most reactions" keeps the server's order; comments it did not rank come last.
		expect(ids({ ...oldest, sort: 'reactions', rank: { 3: 0, 1: 1, 2: 2 } })).toEqual([2, 3, 1, 4]);
	});

	it('hides a deleted comment without replies and keeps one with replies as a placeholder', () => {
		const tree = buildTree(
			byId(
				makeComment(1, { status: 'deleted' }),
				makeComment(2, { status: 'deleted' }),
				makeComment(3, { parentId: 2, depth: 2 }),
				makeComment(4, { status: 'deleted' }),
				makeComment(5, { parentId: 4, depth: 2, status: 'deleted' })
			),
			oldest
		);
		expect(flattenTree(tree)).toEqual([2, 3]);
	});

	it('leaves out comments waiting behind the banner with their replies, and replies whose parent is unknown', () => {
		const tree = buildTree(
			byId(
				makeComment(1),
				makeComment(2),
				makeComment(3, { parentId: 2, depth: 2 }),
				makeComment(4, { parentId: 40, depth: 2 })
			),
			{ ...oldest, hidden: [2] }
		);
		expect(flattenTree(tree)).toEqual([1]);
	});

	it('shows the reader’s own held comment', () => {
		const tree = buildTree(byId(makeComment(1, { status: 'held' })), oldest);
		expect(tree[0].comment.status).toBe('held');
	});

	it('keeps the replies of a comment a moderator removed, on a reloaded page and after catch-up', () => {
		// The server sends a rejected or spam comment that has replies as a bare placeholder.
		const placeholder = makeComment(2, {
			parentId: 1,
			depth: 2,
			status: 'deleted',
			body: '',
			author: { id: '', name: '', website: null, isAuthor: false }
		});
		const reply = makeComment(3, { parentId: 2, depth: 3 });
		const reloaded = buildTree(byId(makeComment(1), placeholder, reply), oldest);
		expect(flattenTree(reloaded)).toEqual([1, 2, 3]);

		let model = createModel([makeComment(1)], 10, false, 1);
		model = applyEvent(model, { type: 'comment:created', eventId: 11, comment: placeholder });
		model = applyEvent(model, { type: 'comment:created', eventId: 12, comment: reply });
		model = applyEvent(model, {
			type: 'comment:deleted',
			eventId: 13,
			articleSlug: 'cout-de-l-ia',
			commentId: 2
		});
		expect(flattenTree(buildTree(model.comments, oldest))).toEqual([1, 2, 3]);
		expect(model.total).toBe(2);
	});
});
