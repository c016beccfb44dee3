import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment } from '../../../server/contract/types.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { saveSiteSettings, signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { getPage, readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';
import { createPgSchema, type PgSchema } from '../../helpers/pg-schema.ts';

// The article page is cached whole for readers without a session: what they see must still
// follow every change at once, and nothing personal may leak into it or out of it.

const PAGE = `/articles/${SLUG}`;

async function anonymous(server: FilServer, path = PAGE): Promise<{ res: Response; html: string }> {
	const res = await getPage(server.url, path);
	expect(res.status).toBe(200);
	return { res, html: await res.text() };
}

/** Loads twice, so that the second load at least is served from the cache if it can be. */
async function twice(server: FilServer, path = PAGE): Promise<string> {
	await anonymous(server, path);
	return (await anonymous(server, path)).html;
}

function keyOf(html: string): string {
	const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
	if (!key) throw new Error('no idempotency key in the page');
	return key;
}

/** The opening tag of a comment's reaction button, as rendered. */
function buttonOf(html: string, commentId: number, label: string): string {
	const item = html.split(`id="comment-${commentId}"`)[1]?.split('id="comment-')[0] ?? '';
	return new RegExp(`<button[^>]*aria-label="${label}"[^>]*>`).exec(item)?.[0] ?? '';
}

function inlineScriptHashes(html: string): string[] {
	return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
		([, s]) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`
	);
}

forEachDatabase('the article page for readers without a session', (database) => {
	let server: FilServer;
	let authorCookie: string;
	let writerCookie: string;
	let author: TestSocket;
	let writer: TestSocket;
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		server = await startServerWithAuthor(database.env());
		authorCookie = await signIn(server.url);
		writerCookie = await readerCookie(server.url);
		author = await connectAs(server.url, authorCookie);
		writer = await connectAs(server.url, writerCookie);
	});

	afterAll(async () => {
		for (const s of [author, writer]) s?.disconnect();
		await server?.stop();
	});

	it('gives every load its own idempotency key, under a policy that allows its script', async () => {
		const loads = [await anonymous(server), await anonymous(server), await anonymous(server)];
		const keys = loads.map(({ html }) => keyOf(html));
		expect(new Set(keys).size).toBe(3);
		for (const { res, html } of loads) {
			expect(html.split(keyOf(html)).length).toBeGreaterThan(2); // the form and the data
			const csp = res.headers.get('content-security-policy') ?? '';
			for (const hash of inlineScriptHashes(html)) expect(csp).toContain(hash);
			expect(res.headers.get('x-frame-options')).toBe('DENY');
			expect(res.headers.get('cache-control')).toBe('private, no-store');
			expect(res.headers.get('set-cookie')).toBeNull();
		}
		const withoutHashes = (r: Response) =>
			r.headers.get('content-security-policy')?.replace(/'sha256-[^']+'/g, '');
		expect(withoutHashes(loads[2].res)).toBe(withoutHashes(loads[0].res));
		// Each sort is its own page, with its own keys too.
		const newest = await twice(server, `${PAGE}?tri=newest`);
		expect(newest).toMatch(/href="[^"]*\?tri=newest#commentaires"[^>]*aria-current="true"/);
		expect(keyOf(newest)).not.toBe(keyOf((await anonymous(server, `${PAGE}?tri=newest`)).html));
	});

	it('shows a new comment, an edit and a reaction on the next load', async () => {
		await twice(server);
		const text = 'Tout frais, et déjà sur la page';
		const comment = expectOk(await postComment(writer, text)).comment;
		expect(await twice(server)).toContain(text);
		expectOk(
			await emitAck(writer, 'comment:edit', { commentId: comment.id, body: `${text} (bis)` })
		);
		expect((await anonymous(server)).html).toContain(`${text} (bis)`);
		expectOk(await emitAck(author, 'reaction:toggle', { commentId: comment.id, emoji: '🤔' }));
		expect(
			buttonOf((await anonymous(server)).html, comment.id, 'Ça me fait réfléchir : 1')
		).not.toBe('');
	});

	it('never shows a held comment, which its writer sees with their own reactions', async () => {
		const liked = expectOk(await postComment(author, 'Un avis que la lectrice aime')).comment;
		expectOk(await emitAck(writer, 'reaction:toggle', { commentId: liked.id, emoji: '❤️' }));
		await saveSiteSettings(server.url, authorCookie, { preModeration: 'all' });
		await twice(server);
		const heldText = 'Retenu pour la modération, pas pour tout le monde';
		const held: PublicComment = expectOk(await postComment(writer, heldText)).comment;
		expect(held.status).toBe('held');
		expect(await twice(server)).not.toContain(heldText);

		const own = await (await getPage(server.url, PAGE, writerCookie)).text();
		expect(own).toContain(heldText);
		expect(buttonOf(own, liked.id, 'J’adore : 1')).toContain('aria-pressed="true"');
		const seen = (await anonymous(server)).html;
		expect(buttonOf(seen, liked.id, 'J’adore : 1')).toContain('aria-pressed="false"');
		expect(seen).not.toContain(heldText);
		await saveSiteSettings(server.url, authorCookie, { preModeration: 'none' });
	});

	it('shows a closed thread closed at once, and open again once reopened', async () => {
		expect(await twice(server)).not.toContain('Les commentaires sont fermés');
		expectOk(await emitAck(author, 'moderation:thread', { slug: SLUG, closed: true }));
		expect((await anonymous(server)).html).toContain('Les commentaires sont fermés');
		expectOk(await emitAck(author, 'moderation:thread', { slug: SLUG, closed: false }));
		expect((await anonymous(server)).html).not.toContain('Les commentaires sont fermés');
	});
});

describe('the article page cached on two instances sharing one database', () => {
	let pg: PgSchema;
	let a: FilServer;
	let b: FilServer;
	let writer: TestSocket;
	printLogsOnFailure(() => [a, b]);

	beforeAll(async () => {
		pg = await createPgSchema();
		a = await startFilServer({ env: { ...pg.env, INSTANCE_ID: 'a' } });
		b = await startFilServer({ env: { ...pg.env, INSTANCE_ID: 'b' } });
		writer = await connectAs(a.url, await readerCookie(a.url));
	});

	afterAll(async () => {
		writer?.disconnect();
		await a?.stop();
		await b?.stop();
		await pg?.drop();
	});

	it('shows on B, at once, a comment posted on A', async () => {
		await twice(b);
		const text = 'Écrit sur A, lu sur B sans attendre';
		expectOk(await postComment(writer, text));
		expect((await anonymous(b)).html).toContain(text);
	});
});
