import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { hasNginx, startNginx, type RunningNginx } from '../../helpers/nginx.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs } from '../../helpers/socket-client.ts';
import { fetchAsServed } from '../../helpers/wire-fetch.ts';

let server: FilServer;
let assets: Record<string, string>;
const STATIC = new Set(['island script', 'stylesheet', 'favicon svg']);
printLogsOnFailure(() => [server]);

/** What may differ from one answer to the next: the form's idempotency key, the clock. */
function sameUpToKeys(body: Buffer): string {
	return body
		.toString()
		.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'KEY')
		.replace(/\b1\d{12}\b/g, 'NOW');
}

/** The article page, the island script, the CSS and the icon it names, and a JSON answer. */
async function findAssets(url: string): Promise<Record<string, string>> {
	const page = `/articles/${SLUG}`;
	const html = (await fetchAsServed(`${url}${page}`)).body.toString();
	const island = /<script[^>]*\ssrc="([^"]*\/island\/boot\.[^"]+\.js)"/.exec(html)?.[1];
	const css = /<link href="([^"]+\.css)" rel="stylesheet">/.exec(html)?.[1];
	const icon = /<link rel="icon" href="([^"]+\.svg)"/.exec(html)?.[1];
	if (!island || !css || !icon) throw new Error('the page names no script, style or icon');
	const path = (href: string) => new URL(href, `${url}${page}`).pathname;
	return {
		'article page': page,
		'JSON data of the page': `${page}/__data.json`,
		'island script': path(island),
		stylesheet: path(css),
		'favicon svg': path(icon)
	};
}

beforeAll(async () => {
	server = await startFilServer();
	assets = await findAssets(server.url);
});

afterAll(async () => {
	await server?.stop();
});

describe('every page and asset, compressed as the client asks', () => {
	for (const encoding of ['br', 'gzip']) {
		it(`answers Accept-Encoding: ${encoding} with it, smaller and the same once decoded`, async () => {
			for (const [what, path] of Object.entries(assets)) {
				const plain = await fetchAsServed(`${server.url}${path}`);
				const packed = await fetchAsServed(`${server.url}${path}`, encoding);
				expect(packed.status, what).toBe(200);
				expect(packed.headers['content-encoding'], what).toBe(encoding);
				expect(packed.headers.vary, what).toMatch(/accept-encoding/i);
				expect(sameUpToKeys(packed.body), what).toBe(sameUpToKeys(plain.body));
				expect(packed.wire.length, what).toBeLessThan(plain.wire.length);
				// A file compressed at build time has its length known; one compressed now has not.
				if (STATIC.has(what)) {
					expect(packed.headers['content-length'], what).toBe(String(packed.wire.length));
				}
			}
		});
	}

	it('sends everything as it is to a client that asks for no encoding', async () => {
		for (const [what, path] of Object.entries(assets)) {
			const plain = await fetchAsServed(`${server.url}${path}`);
			expect(plain.status, what).toBe(200);
			expect(plain.headers['content-encoding'], what).toBeUndefined();
		}
	});

	it('keeps the page of a reader with a session compressed too', async () => {
		const cookie = await readerCookie(server.url);
		const page = await fetchAsServed(`${server.url}/articles/${SLUG}`, 'br', { cookie });
		expect(page.headers['content-encoding']).toBe('br');
		expect(page.body.toString()).toContain('<article');
	});

	it('leaves Socket.IO alone: long-polling answers and WebSockets open', async () => {
		const polling = await fetchAsServed(
			`${server.url}/socket.io/?EIO=4&transport=polling`,
			'br, gzip'
		);
		expect(polling.status).toBe(200);
		expect(polling.body.toString()).toMatch(/^0\{"sid":/);
		const socket = await connectAs(server.url);
		expect(socket.connected).toBe(true);
		socket.disconnect();
	});
});

describe.skipIf(!hasNginx())('deploy/nginx.conf in front', () => {
	let nginx: RunningNginx;

	beforeAll(async () => {
		nginx = await startNginx({ a: server.port, b: server.port });
	});

	afterAll(async () => {
		await nginx?.stop();
	});

	it('passes the app’s encoding through, never compressing twice', async () => {
		for (const encoding of ['br', 'gzip']) {
			for (const [what, path] of Object.entries(assets)) {
				const plain = await fetchAsServed(`${nginx.url}${path}`);
				const packed = await fetchAsServed(`${nginx.url}${path}`, encoding);
				expect(plain.headers['content-encoding'], what).toBeUndefined();
				expect(packed.headers['content-encoding'], what).toBe(encoding);
				expect(packed.headers.vary, what).toMatch(/accept-encoding/i);
				expect(sameUpToKeys(packed.body), what).toBe(sameUpToKeys(plain.body));
			}
		}
	});
});
