import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { cookieFrom, getPage, postForm } from '../../helpers/site-http.ts';

const RLO = '\u202e';
const BODY = `Ma photo : https://example.org/x/${RLO}gpj.exe`;

let server: FilServer;
let cookie: string;
printLogsOnFailure(() => [server]);

/** Every link to example.org on the page: its address and its text. */
async function linksOnPage(cookie: string): Promise<{ href: string; text: string }[]> {
	const html = await (await getPage(server.url, `/articles/${SLUG}`, cookie)).text();
	return [...html.matchAll(/<a href="(https:\/\/example\.org[^"]*)"[^>]*>([^<]*)<\/a>/g)].map(
		([, href, text]) => ({ href, text })
	);
}

beforeAll(async () => {
	server = await startFilServer();
});

afterAll(async () => {
	await server?.stop();
});

describe('a bidi override in a comment’s link', () => {
	it('is never stored, and the link reads as it leads', async () => {
		const res = await postForm(server.url, `/articles/${SLUG}?/comment`, {
			body: BODY,
			name: 'Lectrice',
			email: 'lectrice@example.org',
			website: '',
			idempotencyKey: 'bidi-link-0001',
			parentId: ''
		});
		expect(res.status).toBe(303);
		cookie = cookieFrom(res);
		const rows = await queryRows(server, 'select body from comments');
		expect(rows.map((r) => String(r.body))).toEqual(['Ma photo : https://example.org/x/gpj.exe']);
		const links = await linksOnPage(cookie);
		expect(links).toEqual([
			{ href: 'https://example.org/x/gpj.exe', text: 'https://example.org/x/gpj.exe' }
		]);
	});

	it('stored before it was refused, still shows no control in the link', async () => {
		const db = new SQLite(join(server.dataDir, 'fil.sqlite'));
		db.prepare('update comments set body = ?').run(BODY);
		db.close();
		const links = await linksOnPage(cookie);
		expect(links.length).toBe(1);
		expect(links[0].href).not.toContain(RLO);
		expect(links[0].text).not.toContain(RLO);
	});
});
