import { describe, expect, it } from 'vitest';
import {
	hashAccountKey,
	hashIp,
	normalizeIp,
	resolveClientIp
} from '../../server/security/ip-hash.ts';

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

	it('gives one key per IPv6 /64, however the address is written', () => {
		const key = (ip: string) => hashIp(ip, 's'.repeat(32));
		for (const same of [
			'2001:db8:0:7::1',
			'2001:0DB8:0000:0007:ffff:ffff:ffff:fffe',
			'2001:db8:0:7:1234::',
			'2001:db8:0:7::10.0.0.1',
			'2001:db8:0:7::2%eth0'
		]) {
			expect(normalizeIp(same), same).toBe('2001:db8:0:7::/64');
			expect(key(same)).toBe(key('2001:db8:0:7::1'));
		}
		expect(normalizeIp('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(normalizeIp('::1')).toBe('0:0:0:0::/64');
		expect(key('2001:db8:0:8::1')).not.toBe(key('2001:db8:0:7::1'));
		expect(normalizeIp('unknown')).toBe('unknown');
	});

	it('depends on the secret and never contains the address', () => {
		const a = hashIp('198.51.100.7', 'a'.repeat(32));
		expect(a).not.toBe(hashIp('198.51.100.7', 'b'.repeat(32)));
		expect(a).not.toContain('198');
		expect(hashIp('2001:DB8::1', 'a'.repeat(32))).toBe(hashIp('2001:db8::1', 'a'.repeat(32)));
	});
});

describe('hashAccountKey', () => {
	it('gives one key per address whatever its case, keyed, never containing it', () => {
		const key = hashAccountKey('Autrice@Example.org', 'a'.repeat(32));
		expect(key).toBe(hashAccountKey('autrice@example.org', 'a'.repeat(32)));
		expect(key).not.toBe(hashAccountKey('autrice@example.org', 'b'.repeat(32)));
		expect(key).not.toBe(hashIp('autrice@example.org', 'a'.repeat(32)));
		expect(key.toLowerCase()).not.toContain('autrice');
	});
});
