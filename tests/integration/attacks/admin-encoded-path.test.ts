import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { signIn, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { getPage, readerCookie } from '../../helpers/site-http.ts';
import { connectAs } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

/**
 * SvelteKit matches routes on the decoded path while `event.url.pathname` stays encoded:
 * `/%61dmin` is the admin route. A data request saying the admin layout is still valid
 * (x-sveltekit-invalidated=001) skips the layout's own check: only the hook stands guard.
 */
let server: FilServer;
let reader: string;
const EMAIL = 'lectrice.privee@example.org';

describe('admin data behind a percent-encoded path', () => {
	printLogsOnFailure(() => [server]);
	beforeAll(async () => {
		server = await startServerWithAuthor();
		reader = await readerCookie(server.url);
		const socket = await connectAs(server.url, reader);
		expectOk(await postComment(socket, 'Un commentaire dont l’adresse doit rester privée.'));
		socket.disconnect();
	});
	afterAll(async () => {
		await server?.stop();
	});

	for (const path of [
		'/%61dmin',
		'/%61dmin/e-mails/__data.json?x-sveltekit-invalidated=001',
		'/admin/__data.json?file=tous&x-sveltekit-invalidated=001',
		'/%61dmin/__data.json?file=tous&x-sveltekit-invalidated=001',
		'/%61dmin/bannis/__data.json?x-sveltekit-invalidated=001',
		'/%61dmin/journal/__data.json?x-sveltekit-invalidated=001',
		'/%61dmin/reglages/__data.json?x-sveltekit-invalidated=001'
	]) {
		it(`${path}: a visitor without a session gets no admin data`, async () => {
			const res = await getPage(server.url, path);
			const text = await res.text();
			expect(text).not.toContain(EMAIL);
			expect(text).not.toContain('"type":"data"');
		});
		it(`${path}: a reader's session gets no admin data`, async () => {
			const res = await getPage(server.url, path, reader);
			const text = await res.text();
			expect(text).not.toContain(EMAIL);
			expect(text).not.toContain('"type":"data"');
		});
	}

	it('answers the author’s own admin data with no-store, layout skipped or not', async () => {
		const author = await signIn(server.url);
		const res = await getPage(
			server.url,
			'/%61dmin/__data.json?file=tous&x-sveltekit-invalidated=001',
			author
		);
		expect(await res.text()).toContain(EMAIL);
		expect(res.headers.get('cache-control')).toBe('private, no-store');
	});
});
