import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestPerKey } from '../../server/realtime/latest-per-key.ts';

describe('LatestPerKey', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('sends a key’s first state at once, then only the latest once per window', () => {
		const sent: string[] = [];
		const thin = new LatestPerKey<string>((v) => sent.push(v), 100);
		thin.offer('a', 'a1');
		thin.offer('b', 'b1');
		thin.offer('a', 'a2');
		thin.offer('a', 'a3');
		expect(sent).toEqual(['a1', 'b1']);
		vi.advanceTimersByTime(100);
		expect(sent).toEqual(['a1', 'b1', 'a3']);
		// The window reopened after a3: a4 waits for its end; then the key goes quiet.
		thin.offer('a', 'a4');
		vi.advanceTimersByTime(100);
		vi.advanceTimersByTime(100);
		thin.offer('a', 'a5');
		expect(sent).toEqual(['a1', 'b1', 'a3', 'a4', 'a5']);
	});

	it('sends what is pending when stopped', () => {
		const sent: string[] = [];
		const thin = new LatestPerKey<string>((v) => sent.push(v), 100);
		thin.offer('a', 'a1');
		thin.offer('a', 'a2');
		thin.stop();
		expect(sent).toEqual(['a1', 'a2']);
		vi.advanceTimersByTime(500);
		expect(sent).toEqual(['a1', 'a2']);
	});
});
