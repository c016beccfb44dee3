import { describe, expect, it } from 'vitest';
import {
	applyEvent,
	createModel,
	mergeComment,
	setReactions
} from '../../src/lib/live/thread-model.ts';
import { makeComment } from './thread-fixtures.ts';

const slug = 'cout-de-l-ia';

describe('applyEvent', () => {
	it('adds a new comment once, however often the event arrives, and counts it', () => {
		const start = createModel([makeComment(1)], 10, false, 1);
		const event = { type: 'comment:created' as const, eventId: 11, comment: makeComment(2) };
		const once = applyEvent(start, event);
		const twice = applyEvent(once, event);
		expect(Object.keys(twice.comments)).toEqual(['1', '2']);
		expect(twice.total).toBe(2);
		expect(twice.cursor).toBe(11);
		expect(twice).toEqual(once);
	});

	it('does not count again a comment the page already showed', () => {
		const start = createModel([makeComment(1)], 10, false, 1);
		const next = applyEvent(start, {
			type: 'comment:created',
			eventId: 11,
			comment: makeComment(1)
		});
		expect(next.total).toBe(1);
	});

	it('keeps the newest state of a comment when an older event arrives late', () => {
		let model = createModel([makeComment(1)], 10, false, 1);
		const edited = makeComment(1, { body: 'Deuxième version', editedAt: '2026-01-02T00:00:00Z' });
		model = applyEvent(model, { type: 'comment:updated', eventId: 13, comment: edited });
		model = applyEvent(model, {
			type: 'comment:updated',
			eventId: 12,
			comment: makeComment(1, { body: 'Première version' })
		});
		expect(model.comments[1].body).toBe('Deuxième version');
		// 11 has not arrived: the cursor waits there, so a catch-up would ask for it again.
		expect(model.cursor).toBe(10);
		model = applyEvent(model, {
			type: 'reaction:updated',
			eventId: 11,
			articleSlug: slug,
			commentId: 1,
			reactions: {}
		});
		expect(model.cursor).toBe(13);
		expect(model.ahead).toEqual([]);
	});

	it('ignores an edit of a comment this page never loaded', () => {
		const model = applyEvent(createModel([], 0, false, 5), {
			type: 'comment:updated',
			eventId: 3,
			comment: makeComment(9)
		});
		expect(model.comments).toEqual({});
		expect(model.total).toBe(5);
		expect(model.cursor).toBe(0);
		expect(model.ahead).toEqual([3]);
	});

	it('turns a deleted comment into a placeholder without its text, author or reactions', () => {
		const c = makeComment(1, { reactions: { '👍': 2 } });
		const model = applyEvent(createModel([c], 1, false, 1), {
			type: 'comment:deleted',
			eventId: 2,
			articleSlug: slug,
			commentId: 1
		});
		expect(model.comments[1]).toMatchObject({
			status: 'deleted',
			body: '',
			author: { id: '', name: '', website: null },
			reactions: {}
		});
		expect(model.total).toBe(0);
	});

	it('never brings back a deleted comment when its creation is replayed afterwards', () => {
		let model = createModel([], 0, false, 0);
		model = applyEvent(model, {
			type: 'comment:deleted',
			eventId: 8,
			articleSlug: slug,
			commentId: 4
		});
		model = applyEvent(model, { type: 'comment:created', eventId: 7, comment: makeComment(4) });
		expect(model.comments[4]).toBeUndefined();
		expect(model.total).toBe(0);
	});

	it('sets reaction counts, newest event first', () => {
		let model = createModel([makeComment(1)], 0, false, 1);
		model = applyEvent(model, {
			type: 'reaction:updated',
			eventId: 5,
			articleSlug: slug,
			commentId: 1,
			reactions: { '❤️': 3 }
		});
		model = applyEvent(model, {
			type: 'reaction:updated',
			eventId: 4,
			articleSlug: slug,
			commentId: 1,
			reactions: { '❤️': 2 }
		});
		expect(model.comments[1].reactions).toEqual({ '❤️': 3 });
	});

	it('closes and reopens the thread', () => {
		const closed = applyEvent(createModel([], 0, false, 0), {
			type: 'thread:closed',
			eventId: 1,
			articleSlug: slug,
			closed: true
		});
		expect(closed.closed).toBe(true);
		expect(
			applyEvent(closed, { type: 'thread:closed', eventId: 2, articleSlug: slug, closed: false })
				.closed
		).toBe(false);
	});

	it('counts a held comment once it is approved', () => {
		let model = createModel([makeComment(1, { status: 'held' })], 0, false, 0);
		model = applyEvent(model, { type: 'comment:updated', eventId: 1, comment: makeComment(1) });
		expect(model.total).toBe(1);
	});
});

describe('mergeComment', () => {
	it('lets a page add what is missing but never undo an event', () => {
		let model = createModel([], 0, false, 0);
		model = applyEvent(model, {
			type: 'comment:updated',
			eventId: 3,
			comment: makeComment(1)
		});
		model = applyEvent(model, { type: 'comment:created', eventId: 4, comment: makeComment(2) });
		model = mergeComment(model, makeComment(2, { body: 'ancienne page' }), 'page');
		model = mergeComment(model, makeComment(3), 'page');
		expect(model.comments[2].body).toBe('Texte 2');
		expect(model.comments[3]).toBeDefined();
	});

	it('takes the writer’s acknowledgement, except over a deletion', () => {
		let model = createModel([makeComment(1)], 0, false, 1);
		model = mergeComment(model, makeComment(1, { body: 'modifié' }), 'ack');
		expect(model.comments[1].body).toBe('modifié');
		model = applyEvent(model, {
			type: 'comment:deleted',
			eventId: 2,
			articleSlug: slug,
			commentId: 1
		});
		model = mergeComment(model, makeComment(1), 'ack');
		expect(model.comments[1].status).toBe('deleted');
	});

	it('sets counts from a toggle’s answer', () => {
		const model = setReactions(createModel([makeComment(1)], 0, false, 1), 1, { '😂': 1 });
		expect(model.comments[1].reactions).toEqual({ '😂': 1 });
		expect(setReactions(model, 99, { '😂': 1 })).toBe(model);
	});
});

describe('private events (a held comment, sent to its writer only)', () => {
	it('never move the cursor: the public event with the same id is still asked for', () => {
		// Public event 10 (a comment posted on another instance) was lost; the writer's held post
		// then arrives privately, carrying 10, the public id it follows.
		let model = createModel([makeComment(1)], 9, false, 1);
		model = applyEvent(model, {
			type: 'comment:created',
			eventId: 10,
			private: true,
			comment: makeComment(2, { status: 'held' })
		});
		model = applyEvent(model, {
			type: 'comment:updated',
			eventId: 10,
			private: true,
			comment: makeComment(2, { status: 'held', body: 'corrigé' })
		});
		expect(model.comments[2]).toMatchObject({ status: 'held', body: 'corrigé' });
		// The catch-up after a resync sends `since: cursor`: it must still cover event 10.
		expect(model.cursor).toBe(9);
		expect(model.ahead).toEqual([]);
		model = applyEvent(model, { type: 'comment:created', eventId: 10, comment: makeComment(3) });
		expect(model.comments[3]).toBeDefined();
		expect(model.cursor).toBe(10);
	});

	it('leave a gap open when they come between two public events', () => {
		let model = createModel([], 4, false, 0);
		model = applyEvent(model, {
			type: 'comment:deleted',
			eventId: 5,
			private: true,
			articleSlug: slug,
			commentId: 7
		});
		model = applyEvent(model, { type: 'comment:created', eventId: 6, comment: makeComment(8) });
		expect(model.cursor).toBe(4);
		expect(model.ahead).toEqual([6]);
	});
});

describe('coalesced reaction updates', () => {
	it('count the updates they replaced as received, so the cursor does not stall', () => {
		let model = createModel([makeComment(1)], 10, false, 1);
		model = applyEvent(model, {
			type: 'reaction:updated',
			eventId: 14,
			articleSlug: slug,
			commentId: 1,
			reactions: { '👍': 4 },
			supersedes: [11, 12, 13]
		});
		expect(model.cursor).toBe(14);
		expect(model.ahead).toEqual([]);
		expect(model.comments[1].reactions).toEqual({ '👍': 4 });
	});
});
