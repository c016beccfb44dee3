import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { bodySchema } from '../../server/contract/schemas.ts';
import type { PublicComment } from '../../server/contract/types.ts';
import {
	ODD_WEBSITES,
	REFUSED_WEBSITES,
	XSS_NAMES,
	XSS_PAYLOADS
} from '../fixtures/xss-payloads.ts';
import type { FilServer } from '../helpers/fil-server.ts';
import { saveSiteSettings, signIn, SLUG, startServerWithAuthor } from '../helpers/fixtures.ts';
import { queryRows } from '../helpers/server-db.ts';
import { postForm, readerCookie } from '../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../helpers/socket-client.ts';
import { guardedPage, inspect, spreadOver, touchLinks, type Inspection } from './xss-guard.ts';

// A server of its own: a hundred hostile comments stay out of the other specs' thread.
test.describe.configure({ mode: 'serial' });

const THREAD = `/articles/${SLUG}?n=2000`;
let server: FilServer;
let author: string;
const sockets: TestSocket[] = [];
const ran: string[] = [];

async function newPoster(): Promise<TestSocket> {
	const socket = await connectAs(server.url, await readerCookie(server.url));
	sockets.push(socket);
	return socket;
}

/** Posts every payload as a comment, each with a hostile name, some with odd websites. */
async function postAll(round: string): Promise<PublicComment[]> {
	// New identities each round: the same text twice from one would be refused as DUPLICATE.
	const posters: TestSocket[] = [];
	for (let i = 0; i < 10; i++) posters.push(await newPoster());
	const spread = spreadOver(XSS_PAYLOADS, posters.length);
	const out: PublicComment[] = [];
	for (const [i, payload] of XSS_PAYLOADS.entries()) {
		const ack = await emitAck<{ comment: PublicComment }>(posters[spread[i]], 'comment:post', {
			slug: SLUG,
			body: payload,
			name: XSS_NAMES[i % XSS_NAMES.length],
			email: 'xss@example.org',
			website: i < ODD_WEBSITES.length ? ODD_WEBSITES[i] : '',
			idempotencyKey: `xss-${round}-${i}-${randomUUID().slice(0, 8)}`
		});
		if (!ack.ok) throw new Error(`payload ${i} refused: ${ack.error.code} ${payload}`);
		out.push(ack.data.comment);
	}
	return out;
}

/** Nothing ran, nothing was injected, every link is http(s), every payload shows as text. */
function expectHarmless(found: Inspection, label: string, expectedBodies = XSS_PAYLOADS) {
	expect(found.strayElements, label).toEqual([]);
	expect(found.badLinks, label).toEqual([]);
	expect(found.handlers, label).toEqual([]);
	const shown = new Set(found.bodies.map((b) => b.trim()));
	const missing = expectedBodies.filter((p) => !shown.has(bodySchema.parse(p).trim()));
	expect(missing, `${label}: payloads not shown as plain text`).toEqual([]);
}

test.beforeAll(async () => {
	server = await startServerWithAuthor();
	author = await signIn(server.url);
});

test.afterAll(async () => {
	for (const s of sockets) s.disconnect();
	console.log(
		`xss: ${XSS_PAYLOADS.length} payloads in comments, ${XSS_NAMES.length} in names, ` +
			`${REFUSED_WEBSITES.length} websites refused, ${ODD_WEBSITES.length} odd ones kept; ` +
			`server page, hydrated page, live thread, dashboard (page and live) in Chromium: ` +
			`${ran.length} scripts ran`
	);
	await server?.stop();
});

test('websites that are not http(s) are refused, by socket and by form', async () => {
	const poster = await newPoster();
	for (const website of REFUSED_WEBSITES) {
		const ack = await emitAck(poster, 'comment:post', {
			slug: SLUG,
			body: `Mon site : ${randomUUID()}`,
			name: 'Site',
			email: 'site@example.org',
			website,
			idempotencyKey: randomUUID()
		});
		expect(ack.ok ? 'ok' : [ack.error.code, Object.keys(ack.error.fields ?? {})]).toEqual([
			'VALIDATION_FAILED',
			['website']
		]);
		const res = await postForm(server.url, `/articles/${SLUG}?/comment`, {
			body: `Mon site : ${randomUUID()}`,
			name: 'Site',
			email: 'site@example.org',
			website,
			idempotencyKey: randomUUID()
		});
		expect(res.status, website).toBe(400);
	}
});

test('the server page and its hydrated page run none of them', async ({ browser }) => {
	test.setTimeout(180_000);
	await postAll('page');
	// The HTML as the server sends it, without JavaScript…
	const ssr = await guardedPage(browser, { javaScriptEnabled: false });
	await ssr.page.goto(`${server.url}${THREAD}`);
	const plain = await inspect(ssr.page, 'thread');
	expect(plain.count).toBe(XSS_PAYLOADS.length);
	expectHarmless(plain, 'server page');
	await ssr.context.close();

	// …then hydrated, live, hovered and focused.
	const live = await guardedPage(browser);
	await live.page.goto(`${server.url}${THREAD}`);
	await expect(live.page.getByText('En direct', { exact: true })).toBeVisible();
	expectHarmless(await inspect(live.page, 'thread'), 'hydrated page');
	expect(
		await touchLinks(live.page, 'article.comment .name a, article.comment .body a')
	).toBeGreaterThan(0);
	ran.push(...(await live.ran()));
	expect(ran).toEqual([]);
	await live.context.close();
});

test('the live thread runs none of them as they arrive', async ({ browser }) => {
	test.setTimeout(180_000);
	const reader = await guardedPage(browser);
	await reader.page.goto(`${server.url}${THREAD}`);
	await expect(reader.page.getByText('En direct', { exact: true })).toBeVisible();
	const before = (await inspect(reader.page, 'thread')).count;
	await postAll('live');
	await expect(reader.page.locator('article.comment')).toHaveCount(before + XSS_PAYLOADS.length, {
		timeout: 60_000
	});
	expectHarmless(await inspect(reader.page, 'thread'), 'live thread');
	await touchLinks(reader.page, 'article.comment .name a, article.comment .body a');
	ran.push(...(await reader.ran()));
	expect(ran).toEqual([]);
	await reader.context.close();
});

test('the dashboard runs none of them, on its pages or live', async ({ browser }) => {
	test.setTimeout(180_000);
	const dash = await guardedPage(browser, { cookie: { url: server.url, value: author } });
	await postAll('dashboard');
	const [{ n }] = await queryRows(server, 'select count(*) as n from comments');
	for (let page = 1; page <= Math.ceil(Number(n) / 50); page++) {
		await dash.page.goto(`${server.url}/admin?file=tous&page=${page}`);
		const found = await inspect(dash.page, 'dashboard');
		expect(found.count).toBeGreaterThan(0);
		expectHarmless(found, `dashboard page ${page}`, []);
		await touchLinks(dash.page, 'li.item .who a:not([href^="mailto:"])');
	}

	// Held comments reach the open queue live.
	await saveSiteSettings(server.url, author, { preModeration: 'all' });
	try {
		await dash.page.goto(`${server.url}/admin`);
		await expect(dash.page.getByText('● en direct')).toBeVisible();
		await postAll('held');
		await expect(dash.page.locator('li.item')).toHaveCount(50, { timeout: 60_000 });
		const found = await inspect(dash.page, 'dashboard');
		expectHarmless(found, 'live queue', []);
		// Each one shown is a payload, as plain text (the queue starts with the newest).
		const payloads = new Set(XSS_PAYLOADS.map((p) => bodySchema.parse(p).trim()));
		expect(found.bodies.filter((b) => !payloads.has(b.trim()))).toEqual([]);
	} finally {
		await saveSiteSettings(server.url, author, { preModeration: 'none' });
	}
	ran.push(...(await dash.ran()));
	expect(ran).toEqual([]);
	await dash.context.close();
});
