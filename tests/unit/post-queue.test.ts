import { describe, expect, it } from 'vitest';
import { PostQueue, type Posted } from '../../src/lib/live/post-queue.ts';
import { makeComment } from './thread-fixtures.ts';

const ok: Posted = { ok: true, data: { comment: makeComment(1) } };

describe('PostQueue', () => {
	it('sends each post once per connection and again after a drop, with the same key', () => {
		const q = new PostQueue();
		q.add('key-a', { body: 'a' }, () => {});
		q.add('key-b', { body: 'b' }, () => {});
		expect(q.takeUnsent().map(([k]) => k)).toEqual(['key-a', 'key-b']);
		expect(q.takeUnsent()).toEqual([]);
		q.markAllUnsent();
		expect(q.takeUnsent()).toEqual([
			['key-a', { body: 'a' }],
			['key-b', { body: 'b' }]
		]);
	});

	it('answers the first acknowledgement only, and forgets the post', () => {
		const q = new PostQueue();
		const answers: Posted[] = [];
		q.add('key-a', {}, (a) => answers.push(a));
		expect(q.settle('key-a', ok)).toBe(true);
		expect(q.settle('key-a', ok)).toBe(false);
		expect(answers).toHaveLength(1);
		expect(q.size).toBe(0);
	});

	it('does not queue the same key twice; the latest caller gets the answer', () => {
		const q = new PostQueue();
		const seen: string[] = [];
		expect(q.add('key-a', {}, () => seen.push('first'))).toBe(true);
		expect(q.add('key-a', {}, () => seen.push('second'))).toBe(false);
		q.settle('key-a', ok);
		expect(seen).toEqual(['second']);
		expect(q.size).toBe(0);
	});

	it('sends a post again on the next connection once the server says it cannot take it now', () => {
		const q = new PostQueue();
		q.add('key-a', { body: 'a' }, () => {});
		q.add('key-b', { body: 'b' }, () => {});
		q.takeUnsent();
		q.markUnsent('key-b');
		q.markUnsent('unknown');
		expect(q.takeUnsent()).toEqual([['key-b', { body: 'b' }]]);
		expect(q.size).toBe(2);
	});
});
