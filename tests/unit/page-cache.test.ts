import { describe, expect, it } from 'vitest';
import { PageCache, pageCacheKey } from '../../server/cache/page-cache.ts';

const KEY = '0b7c1c2e-1111-4222-8333-444455556666';
const V1 = { lastEventId: 7, closed: false };
const CSP = "script-src 'self'";

/** An article page as the server renders it: the key in the form and in the island's data. */
function rendered(script = `<script type="application/json" id="d">{"key":"${KEY}"}</script>`) {
	const html = `<form><input name="idempotencyKey" value="${KEY}"></form>${script}`;
	return {
		html,
		response: new Response(html, {
			headers: { 'content-type': 'text/html', 'content-security-policy': CSP, etag: '"x"' }
		})
	};
}

function keysOf(body: Buffer): string[] {
	return [
		...body.toString().matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)
	].map((m) => m[0]);
}

describe('the page cache', () => {
	it('serves every hit with its own key, in the form and the data, under the same headers', () => {
		const cache = new PageCache();
		const { response, html } = rendered();
		expect(cache.store('k', V1, KEY, response, html, 0)).toBe(true);
		const a = cache.take('k', V1, 1)!;
		const b = cache.take('k', V1, 2)!;
		for (const hit of [a, b]) {
			const keys = keysOf(hit.body);
			expect(keys).toHaveLength(2);
			expect(keys[0]).toBe(keys[1]);
			expect(keys[0]).not.toBe(KEY);
			expect(new Map(hit.headers).get('content-security-policy')).toBe(CSP);
			expect(new Map(hit.headers).has('etag')).toBe(false);
		}
		expect(keysOf(a.body)[0]).not.toBe(keysOf(b.body)[0]);
	});

	it('drops a page once the article moved on, closed, or it grew too old', () => {
		const cache = new PageCache(4, 5000);
		const { response, html } = rendered();
		cache.store('k', V1, KEY, response.clone(), html, 0);
		expect(cache.take('k', { lastEventId: 8, closed: false }, 1)).toBeNull();
		expect(cache.take('k', V1, 1)).toBeNull();
		cache.store('k', V1, KEY, response.clone(), html, 0);
		expect(cache.take('k', { lastEventId: 7, closed: true }, 1)).toBeNull();
		cache.store('k', V1, KEY, response.clone(), html, 0);
		expect(cache.take('k', V1, 5001)).toBeNull();
	});

	it('keeps a few pages, the least recently used leaving first', () => {
		const cache = new PageCache(2);
		for (const k of ['a', 'b']) cache.store(k, V1, KEY, rendered().response, rendered().html, 0);
		expect(cache.take('a', V1, 1)).not.toBeNull();
		cache.store('c', V1, KEY, rendered().response, rendered().html, 0);
		expect(cache.take('b', V1, 1)).toBeNull();
		expect(cache.take('a', V1, 1)).not.toBeNull();
		expect(cache.take('c', V1, 1)).not.toBeNull();
	});

	it('keeps nothing it could not make unique: no key, a nonce, a key in a script that runs', () => {
		const cache = new PageCache();
		const { html } = rendered();
		expect(cache.store('k', V1, 'another-key', rendered().response, html)).toBe(false);
		const nonce = new Response(html, { headers: { 'content-security-policy': "'nonce-abc'" } });
		expect(cache.store('k', V1, KEY, nonce, html)).toBe(false);
		const running = rendered(`<script>start({ key: "${KEY}" })</script>`);
		expect(cache.store('k', V1, KEY, running.response, running.html)).toBe(false);
		expect(cache.take('k', V1)).toBeNull();
	});
});

describe('the page cache key', () => {
	const key = (path: string, method = 'GET') =>
		pageCacheKey(method, new URL(`http://fil.test${path}`))?.key ?? null;

	it('names the article page by origin, sort and count, whatever their order', () => {
		expect(key('/articles/cout-de-l-ia?n=20&tri=newest')).toBe(
			key('/articles/cout-de-l-ia?tri=newest&n=20')
		);
		expect(key('/articles/cout-de-l-ia')).not.toBe(key('/articles/cout-de-l-ia?tri=newest'));
		expect(key('/articles/cout-de-l-ia?n=20')).not.toBe(key('/articles/cout-de-l-ia?n=020'));
		expect(pageCacheKey('GET', new URL('https://other.test/articles/a'))?.key).not.toBe(
			key('/articles/a')
		);
	});

	it('leaves out anything else: other methods, pages, parameters, repeats and escapes', () => {
		for (const path of [
			'/articles/cout-de-l-ia?repondre=3',
			'/articles/cout-de-l-ia?tri=',
			'/articles/cout-de-l-ia?tri=newest&tri=oldest',
			'/articles/cout-de-l-ia/signaler/3',
			'/articles/co%75t-de-l-ia',
			'/articles/cout-de-l-ia/',
			'/admin'
		]) {
			expect(key(path), path).toBeNull();
		}
		expect(key('/articles/cout-de-l-ia', 'POST')).toBeNull();
		expect(key('/articles/cout-de-l-ia', 'HEAD')).toBeNull();
	});
});
