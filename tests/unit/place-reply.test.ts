import { describe, expect, it } from 'vitest';
import { placeReply } from '../../server/comments/place-reply.ts';

describe('placeReply', () => {
	it('puts a top-level comment at depth 1', () => {
		expect(placeReply(undefined, 5)).toEqual({
			root_id: null,
			parent_id: null,
			reply_to_id: null,
			depth: 1
		});
	});

	it('nests a reply under its parent, in the parent’s thread', () => {
		expect(placeReply({ id: 7, root_id: null, parent_id: null, depth: 1 }, 5)).toEqual({
			root_id: 7,
			parent_id: 7,
			reply_to_id: null,
			depth: 2
		});
		expect(placeReply({ id: 9, root_id: 7, parent_id: 8, depth: 4 }, 5).depth).toBe(5);
	});

	it('keeps a reply to the deepest level beside it, remembering whom it answers', () => {
		expect(placeReply({ id: 12, root_id: 7, parent_id: 11, depth: 5 }, 5)).toEqual({
			root_id: 7,
			parent_id: 11,
			reply_to_id: 12,
			depth: 5
		});
	});
});
