import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';

// The page cache answers the page itself, never SvelteKit's other requests for its route.

const PAGE = '/articles/cout-de-l-ia';

describe('the page cache and SvelteKit requests for the same route', () => {
	let server: FilServer;
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		server = await startFilServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('answers a data request with data, not with the cached HTML page', async () => {
		const fresh = await fetch(`${server.url}${PAGE}/__data.json`);
		const uncached = fresh.headers.get('content-type');
		await fresh.arrayBuffer();
		// Now the page is cached (twice, so that it is in any case).
		for (let i = 0; i < 2; i++) await (await fetch(`${server.url}${PAGE}`)).arrayBuffer();
		const res = await fetch(`${server.url}${PAGE}/__data.json?x-sveltekit-invalidated=01`);
		const body = await res.text();
		expect(uncached).toContain('application/json');
		expect(res.headers.get('content-type')).toBe(uncached);
		expect(body.startsWith('<!doctype html>')).toBe(false);
	});
});
