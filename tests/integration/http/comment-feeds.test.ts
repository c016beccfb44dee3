import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { READER, SLUG, startServerWithSettings } from '../../helpers/fixtures.ts';
import { connectReader, expectOk, postComment } from '../../helpers/thread-actions.ts';
import type { TestSocket } from '../../helpers/socket-client.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const TYPED = 'Première ligne <script>alert(1)</script> & « ]]> »\nseconde ligne';

let server: FilServer;
let socket: TestSocket;
const published: number[] = [];
let heldId: number;
printLogsOnFailure(() => [server]);

beforeAll(async () => {
	({ server } = await startServerWithSettings({}, { suspectWords: 'casino' }));
	({ socket } = await connectReader(server.url));
	const first = expectOk(await postComment(socket, TYPED)).comment;
	const reply = expectOk(
		await postComment(socket, 'Une réponse', {
			parentId: first.id,
			website: 'https://lectrice.example'
		})
	).comment;
	published.push(first.id, reply.id);
	const held = expectOk(await postComment(socket, 'Venez au casino')).comment;
	expect(held.status).toBe('held');
	heldId = held.id;
}, 60_000);

afterAll(async () => {
	socket?.disconnect();
	await server?.stop();
});

/** Parses strictly: any XML error fails the test. */
async function fetchFeed(path: string) {
	const res = await fetch(`${server.url}${path}`);
	const xml = await res.text();
	const doc = new DOMParser({
		onError: (level, message) => {
			throw new Error(`${level}: ${message}\n${xml}`);
		}
	}).parseFromString(xml, 'application/xml');
	return { res, xml, feed: doc.documentElement as Element };
}

const childText = (el: Element, name: string) =>
	(el.getElementsByTagNameNS(ATOM, name)[0]?.textContent ?? '').trim();

it('an article’s feed is valid Atom and carries its published comments only, newest first', async () => {
	const { res, xml, feed } = await fetchFeed(`/articles/${SLUG}/commentaires.atom`);
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
	expect(feed.namespaceURI).toBe(ATOM);
	expect(feed.localName).toBe('feed');
	for (const required of ['id', 'title', 'updated']) expect(childText(feed, required)).not.toBe('');
	expect(childText(feed, 'title')).toMatch(/^Commentaires sur « .+ »$/);

	const entries = Array.from(feed.getElementsByTagNameNS(ATOM, 'entry'));
	const ids = entries.map((e) => Number(childText(e, 'id').split('#comment-')[1]));
	expect(ids).toEqual([...published].reverse());
	expect(ids).not.toContain(heldId);
	expect(xml).not.toContain('casino');
	for (const entry of entries) {
		for (const required of ['id', 'title', 'updated', 'content']) {
			expect(childText(entry, required), required).not.toBe('');
		}
		expect(childText(entry.getElementsByTagNameNS(ATOM, 'author')[0], 'name')).toBe(READER.name);
	}
	// No address, no hash of one: nothing about the commenter but what the page shows.
	expect(xml).not.toContain(READER.email);
	expect(xml).not.toMatch(/[0-9a-f]{32}/);
	expect(xml).toContain('https://lectrice.example');
});

it('shows the text as typed: escaped for the HTML the feed declares, never as markup', async () => {
	const { feed } = await fetchFeed(`/articles/${SLUG}/commentaires.atom`);
	const entry = Array.from(feed.getElementsByTagNameNS(ATOM, 'entry')).find((e) =>
		childText(e, 'id').endsWith(`#comment-${published[0]}`)
	)!;
	const content = entry.getElementsByTagNameNS(ATOM, 'content')[0];
	expect(content.getAttribute('type')).toBe('html');
	const html = (content.textContent ?? '').trim();
	// What a feed reader renders: the tags are text, the line break a <br>.
	expect(html).not.toContain('<script');
	const asText = html
		.replaceAll('<br>', '\n')
		.replace(/<\/?p>/g, '')
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&quot;', '"')
		.replaceAll('&#39;', "'")
		.replaceAll('&amp;', '&');
	expect(asText).toBe(TYPED);
});

it('the site’s feed holds every article’s published comments; an unknown article has none', async () => {
	const { res, feed } = await fetchFeed('/commentaires.atom');
	expect(res.status).toBe(200);
	expect(feed.getElementsByTagNameNS(ATOM, 'entry').length).toBe(published.length);
	expect((await fetch(`${server.url}/articles/nulle-part/commentaires.atom`)).status).toBe(404);
});

it('the article page names its feed for feed readers', async () => {
	const html = await (await fetch(`${server.url}/articles/${SLUG}`)).text();
	expect(html).toMatch(
		new RegExp(
			`<link rel="alternate" type="application/atom\\+xml" href="/articles/${SLUG}/commentaires.atom"`
		)
	);
});
