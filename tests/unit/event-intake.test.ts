import { describe, expect, it } from 'vitest';
import type { ThreadEvent } from '../../server/contract/types.ts';
import { takeEvent, type PageView } from '../../src/lib/live/event-intake.ts';
import { createModel } from '../../src/lib/live/thread-model.ts';
import { makeComment } from './thread-fixtures.ts';

const slug = 'cout-de-l-ia';

function view(over: Partial<PageView> = {}): PageView {
	return {
		slug,
		viewerId: 'author-1',
		model: createModel([makeComment(1)], 10, false, 1),
		sort: 'oldest',
		rank: { 1: 0 },
		hidden: [],
		shouldHold: null,
		...over
	};
}

describe('takeEvent', () => {
	it('drops every event about another article: a held comment reaches all the writer’s tabs', () => {
		const other = 'un-autre-article';
		const events: ThreadEvent[] = [
			{
				type: 'comment:created',
				eventId: 11,
				private: true,
				comment: makeComment(2, {
					articleSlug: other,
					status: 'held',
					author: makeComment(1).author
				})
			},
			{
				type: 'comment:updated',
				eventId: 11,
				comment: makeComment(1, { articleSlug: other, body: 'ailleurs' })
			},
			{ type: 'comment:deleted', eventId: 12, articleSlug: other, commentId: 1 },
			{
				type: 'reaction:updated',
				eventId: 13,
				articleSlug: other,
				commentId: 1,
				reactions: { '👍': 4 }
			},
			{ type: 'thread:closed', eventId: 14, articleSlug: other, closed: true }
		];
		for (const event of events) expect(takeEvent(view(), event), event.type).toBeNull();
	});

	it('applies this article’s events and announces someone else’s new comment', () => {
		const taken = takeEvent(view(), {
			type: 'comment:created',
			eventId: 11,
			comment: makeComment(2)
		});
		expect(taken?.model.comments[2]).toBeDefined();
		expect(taken?.model.cursor).toBe(11);
		expect(taken?.announcement).toBe('Nouveau commentaire de Nom 2');
	});

	it('holds back a comment that would land above the reading position, and counts it', () => {
		const hold = () => true;
		const first = takeEvent(view({ shouldHold: hold }), {
			type: 'comment:created',
			eventId: 11,
			comment: makeComment(2)
		});
		expect(first?.hidden).toEqual([2]);
		expect(first?.announcement).toBe('1 nouveau commentaire');
		const second = takeEvent(
			view({ shouldHold: hold, model: first!.model, hidden: first!.hidden }),
			{ type: 'comment:created', eventId: 12, comment: makeComment(3) }
		);
		expect(second?.hidden).toEqual([2, 3]);
		expect(second?.announcement).toBe('2 nouveaux commentaires');
	});

	it('never holds back or announces the reader’s own comment', () => {
		const taken = takeEvent(view({ viewerId: 'author-2', shouldHold: () => true }), {
			type: 'comment:created',
			eventId: 11,
			comment: makeComment(2)
		});
		expect(taken?.hidden).toEqual([]);
		expect(taken?.announcement).toBeNull();
	});
});
