import { describe, expect, it } from 'vitest';
import { hashIp, normalizeIp, resolveClientIp } from '../../server/security/ip-hash.ts';

describe('resolveClientIp', () => {
	it('uses the peer address when no proxy is trusted, whatever X-Forwarded-For says', () => {
		expect(resolveClientIp('203.0.113.9', '1.2.3.4', 0)).toBe('203.0.113.9');
		expect(resolveClientIp('203.0.113.9', undefined, 0)).toBe('203.0.113.9');
	});

	it('takes the entry added by the one trusted proxy: the rightmost', () => {
		expect(resolveClientIp('10.0.0.2', '198.51.100.7', 1)).toBe('198.51.100.7');
		// A client may send its own X-Forwarded-For; the proxy appends the real address.
		expect(resolveClientIp('10.0.0.2', '6.6.6.6, 198.51.100.7', 1)).toBe('198.51.100.7');
		expect(resolveClientIp('10.0.0.2', '1.1.1.1, 6.6.6.6, 198.51.100.7', 1)).toBe('198.51.100.7');
	});

	it('counts hops from the right behind two proxies', () => {
		// client → CDN (adds client) → nginx (adds CDN) → Fil
		expect(resolveClientIp('10.0.0.2', '6.6.6.6, 198.51.100.7, 192.0.2.50', 2)).toBe(
			'198.51.100.7'
		);
	});

	it('ignores spaces, empty entries and repeated headers', () => {
		expect(resolveClientIp('10.0.0.2', ' 6.6.6.6 ,, 198.51.100.7 ', 1)).toBe('198.51.100.7');
		expect(resolveClientIp('10.0.0.2', ['6.6.6.6', '198.51.100.7'], 1)).toBe('198.51.100.7');
	});

	it('never goes left of the chain when fewer entries than hops', () => {
		expect(resolveClientIp('10.0.0.2', '198.51.100.7', 3)).toBe('198.51.100.7');
	});

	it('falls back to the peer when the header is empty or missing', () => {
		expect(resolveClientIp('10.0.0.2', '', 1)).toBe('10.0.0.2');
		expect(resolveClientIp('10.0.0.2', ' , ', 1)).toBe('10.0.0.2');
		expect(resolveClientIp('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
		expect(resolveClientIp(undefined, undefined, 1)).toBe('unknown');
	});

	it('cannot be steered by a client adding entries on the left', () => {
		const honest = resolveClientIp('10.0.0.2', '198.51.100.7', 1);
		for (const forged of ['1.1.1.1', '1.1.1.1, 2.2.2.2', 'not-an-ip']) {
			expect(resolveClientIp('10.0.0.2', `${forged}, 198.51.100.7`, 1)).toBe(honest);
		}
	});
});

describe('hashIp', () => {
	it('gives the same key for an IPv4 address and its IPv6-mapped form', () => {
		expect(normalizeIp('::ffff:198.51.100.7')).toBe('198.51.100.7');
		expect(hashIp('::ffff:198.51.100.7', 's'.repeat(32))).toBe(
			hashIp('198.51.100.7', 's'.repeat(32))
		);
	});

	it('depends on the secret and never contains the address', () => {
		const a = hashIp('198.51.100.7', 'a'.repeat(32));
		expect(a).not.toBe(hashIp('198.51.100.7', 'b'.repeat(32)));
		expect(a).not.toContain('198');
		expect(hashIp('2001:DB8::1', 'a'.repeat(32))).toBe(hashIp('2001:db8::1', 'a'.repeat(32)));
	});
});
