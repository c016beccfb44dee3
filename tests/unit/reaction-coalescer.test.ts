import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../server/events/event-bus.ts';
import { ReactionCoalescer } from '../../server/realtime/reaction-coalescer.ts';
import { OTHER_SLUG as SLUG } from '../helpers/fixtures.ts';

function reaction(eventId: number, commentId: number, likes: number, slug = SLUG): DomainEvent {
	return {
		event: {
			type: 'reaction:updated',
			eventId,
			articleSlug: slug,
			commentId,
			reactions: { '👍': likes }
		},
		articleSlug: slug,
		audience: { kind: 'public' }
	};
}

function deletion(eventId: number, commentId: number): DomainEvent {
	return {
		event: { type: 'comment:deleted', eventId, articleSlug: SLUG, commentId },
		articleSlug: SLUG,
		audience: { kind: 'public' }
	};
}

describe('ReactionCoalescer', () => {
	let sent: DomainEvent[];
	let coalescer: ReactionCoalescer;

	beforeEach(() => {
		vi.useFakeTimers();
		sent = [];
		coalescer = new ReactionCoalescer((e) => sent.push(e), 100);
	});
	afterEach(() => {
		coalescer.stop();
		vi.useRealTimers();
	});

	const ids = () => sent.map((e) => e.event.eventId);

	it('sends a lone reaction at once', () => {
		coalescer.offer(reaction(1, 10, 1));
		expect(ids()).toEqual([1]);
	});

	it('sends only the latest counts of a burst, once the window closes', () => {
		coalescer.offer(reaction(1, 10, 1));
		coalescer.offer(reaction(2, 10, 2));
		coalescer.offer(reaction(3, 10, 3));
		coalescer.offer(reaction(4, 10, 2));
		expect(ids()).toEqual([1]);
		vi.advanceTimersByTime(100);
		expect(ids()).toEqual([1, 4]);
		expect(sent[1].event).toMatchObject({ reactions: { '👍': 2 } });
		vi.advanceTimersByTime(1000);
		expect(ids()).toEqual([1, 4]);
	});

	it('names the updates a coalesced one replaces, and only those', () => {
		coalescer.offer(reaction(1, 10, 1));
		coalescer.offer(reaction(2, 10, 2));
		coalescer.offer(reaction(3, 20, 1));
		coalescer.offer(reaction(4, 10, 3));
		coalescer.offer(reaction(5, 10, 4));
		vi.advanceTimersByTime(100);
		expect(ids()).toEqual([1, 3, 5]);
		expect(sent.map((e) => ('supersedes' in e.event ? e.event.supersedes : undefined))).toEqual([
			undefined,
			undefined,
			[2, 4]
		]);
		// The window stays open a round after sending: the next burst starts its own list.
		coalescer.offer(reaction(6, 10, 5));
		coalescer.offer(reaction(7, 10, 6));
		vi.advanceTimersByTime(100);
		expect(sent.at(-1)?.event).toMatchObject({ eventId: 7, supersedes: [6] });
	});

	it('keeps the newest event when updates arrive out of order', () => {
		coalescer.offer(reaction(1, 10, 1));
		coalescer.offer(reaction(5, 10, 5));
		coalescer.offer(reaction(3, 10, 3));
		vi.advanceTimersByTime(100);
		expect(ids()).toEqual([1, 5]);
	});

	it('coalesces each comment on its own', () => {
		coalescer.offer(reaction(1, 10, 1));
		coalescer.offer(reaction(2, 20, 1));
		coalescer.offer(reaction(3, 10, 2));
		coalescer.offer(reaction(4, 20, 2));
		expect(ids()).toEqual([1, 2]);
		vi.advanceTimersByTime(100);
		expect(ids()).toEqual([1, 2, 3, 4]);
	});

	it('sends pending counts before any other event of the article, in id order', () => {
		coalescer.offer(reaction(1, 10, 1));
		coalescer.offer(reaction(2, 20, 1));
		coalescer.offer(reaction(4, 20, 2));
		coalescer.offer(reaction(3, 10, 2));
		coalescer.offer(deletion(5, 30));
		expect(ids()).toEqual([1, 2, 3, 4, 5]);
		vi.advanceTimersByTime(1000);
		expect(ids()).toEqual([1, 2, 3, 4, 5]);
	});

	it('does not hold one article’s counts for another article’s events', () => {
		coalescer.offer(reaction(1, 10, 1, 'other'));
		coalescer.offer(reaction(2, 10, 2, 'other'));
		coalescer.offer(deletion(1, 30));
		expect(sent.map((e) => e.articleSlug)).toEqual(['other', SLUG]);
	});

	it('sends what is pending when stopped', () => {
		coalescer.offer(reaction(1, 10, 1));
		coalescer.offer(reaction(2, 10, 2));
		coalescer.stop();
		expect(ids()).toEqual([1, 2]);
	});
});
