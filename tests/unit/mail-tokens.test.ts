import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/config.ts';
import { digestPeriod } from '../../server/mail/digest-scheduler.ts';
import { retryDelayMs } from '../../server/mail/mail-worker.ts';
import { createMailToken, readMailToken } from '../../server/mail/mail-tokens.ts';
import { escapeHtml, oneLine } from '../../server/mail/templates/layout.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECRET = 'a'.repeat(40);
const NOW = Date.parse('2030-06-01T10:00:00Z');
const moderation = {
	p: 'm' as const,
	j: 'abcdefghijklmnopqrstuvwx',
	c: 42,
	a: 'approve' as const,
	u: 'author-1',
	x: Math.floor(NOW / 1000) + 3600
};

describe('mail link tokens', () => {
	it('read back what was signed', () => {
		const token = createMailToken(SECRET, moderation);
		expect(readMailToken(SECRET, token, NOW)).toEqual({ ok: true, payload: moderation });
	});

	it('refuse another secret, a changed payload, junk and a past expiry', () => {
		const token = createMailToken(SECRET, moderation);
		expect(readMailToken('b'.repeat(40), token, NOW)).toEqual({ ok: false, reason: 'invalid' });
		const [, signature] = token.split('.');
		const changed = Buffer.from(JSON.stringify({ ...moderation, a: 'spam' })).toString('base64url');
		expect(readMailToken(SECRET, `${changed}.${signature}`, NOW).ok).toBe(false);
		for (const junk of [undefined, 42, '', 'a.b', `${'x'.repeat(700)}.y`]) {
			expect(readMailToken(SECRET, junk, NOW)).toEqual({ ok: false, reason: 'invalid' });
		}
		expect(readMailToken(SECRET, token, NOW + 2 * 3600_000)).toEqual({
			ok: false,
			reason: 'expired'
		});
	});

	it('refuse a well-signed payload of the wrong shape', () => {
		const token = createMailToken(SECRET, { ...moderation, c: -1 } as never);
		expect(readMailToken(SECRET, token, NOW).ok).toBe(false);
	});
});

describe('mail scheduling', () => {
	const config = loadConfig({
		DATA_DIR: mkdtempSync(join(tmpdir(), 'fil-mail-unit-')),
		MAIL_RETRY_BASE_MS: '1000'
	});

	it('backs off exponentially, capped at six hours', () => {
		expect([1, 2, 3, 4].map((n) => retryDelayMs(config, n))).toEqual([1000, 2000, 4000, 8000]);
		expect(retryDelayMs(config, 40)).toBe(6 * 3600_000);
	});

	it('has a digest period only once the day’s hour has come', () => {
		expect(digestPeriod(new Date('2030-06-01T06:59:00Z'), 7)).toBeNull();
		expect(digestPeriod(new Date('2030-06-01T07:00:00Z'), 7)).toEqual({
			day: '2030-06-01',
			from: '2030-05-31T07:00:00.000Z',
			to: '2030-06-01T07:00:00.000Z'
		});
	});
});

describe('mail text', () => {
	it('escapes HTML and keeps subjects on one line', () => {
		expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
			'&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'
		);
		expect(oneLine('Bonjour\r\nBcc: x@y.z', 80)).toBe('Bonjour Bcc: x@y.z');
	});
});
