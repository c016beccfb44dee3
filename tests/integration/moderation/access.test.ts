import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { snapshotDatabase } from '../../helpers/db-snapshot.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents } from '../../../server/contract/events.ts';
import { hashSecret } from '../../../server/auth/session-token.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { AUTHOR, signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { getPage, postForm, readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

let server: FilServer;
let authorCookie: string;
let reader: string;
const sockets: TestSocket[] = [];
let commentId: number;

const PAGES = ['/admin', '/admin/reglages', '/admin/journal', '/admin/bannis', '/admin?file=tous'];
const ACTIONS: [string, Record<string, string>][] = [
	['/admin?/moderate', { commentId: '', action: 'approve' }],
	['/admin?/bulk', { commentId: '', action: 'approve' }],
	['/admin?/edit', { commentId: '', body: 'Texte réécrit par un intrus' }],
	['/admin?/ban', { commentId: '', includeIp: 'on', rejectAll: 'on' }],
	['/admin?/thread', { slug: SLUG, closed: '1' }],
	['/admin/bannis?/unban', { identityId: 'abcdefghij' }],
	['/admin/reglages?/site', { preModeration: 'all', maxLinks: '0', reportThreshold: '1' }],
	['/admin/reglages?/article', { slug: SLUG, preModeration: 'all' }]
];
const COMMANDS: [keyof ClientToServerEvents, () => unknown][] = [
	['moderation:join', () => ({})],
	['moderation:act', () => ({ commentId, action: 'reject' })],
	['moderation:bulk', () => ({ commentIds: [commentId], action: 'approve' })],
	['moderation:edit', () => ({ commentId, body: 'Texte réécrit par un intrus' })],
	['moderation:ban', () => ({ commentId, includeIp: true, rejectAll: true })],
	['moderation:thread', () => ({ slug: SLUG, closed: true })]
];

forEachDatabase('moderation access', (database) => {
	printLogsOnFailure(() => [server]);
	beforeAll(async () => {
		sockets.length = 0;
		server = await startServerWithAuthor(database.env());
		authorCookie = await signIn(server.url);
		reader = await readerCookie(server.url);
		const writer = await connectAs(server.url, reader);
		sockets.push(writer);
		commentId = expectOk(await postComment(writer, 'Un commentaire que personne ne doit toucher.'))
			.comment.id;
	});

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await server?.stop();
	});

	async function commentStatus(): Promise<{ status: unknown; body: unknown; closed: number }> {
		const [row] = await queryRows(server, 'select status, body from comments where id = $1', [
			commentId
		]);
		const [article] = await queryRows(server, 'select closed from articles where slug = $1', [
			SLUG
		]);
		return { status: row.status, body: row.body, closed: Number(article.closed) };
	}

	describe('admin pages', () => {
		it('send visitors without a session to the sign-in page', async () => {
			for (const path of PAGES) {
				const res = await getPage(server.url, path);
				expect(res.status, path).toBe(303);
				expect(res.headers.get('location'), path).toMatch(/^\/connexion\?suite=/);
			}
		});

		it('send a reader to the sign-in page too', async () => {
			for (const path of PAGES) {
				const res = await getPage(server.url, path, reader);
				expect(res.status, path).toBe(303);
				expect(res.headers.get('location'), path).toMatch(/^\/connexion/);
			}
		});

		it('refuse their data requests too, even when they claim the layout is still valid', async () => {
			const paths = [
				'/admin',
				'/admin/journal',
				'/admin/reglages',
				'/admin/e-mails',
				'/admin/bannis'
			].flatMap((p) => [
				`${p}/__data.json`,
				`${p}/__data.json?x-sveltekit-invalidated=001&file=tous`,
				`${p}/__data.json?x-sveltekit-invalidated=01`
			]);
			for (const path of paths) {
				for (const cookie of [undefined, reader]) {
					const res = await getPage(server.url, path, cookie);
					const text = await res.text();
					expect(text, path).not.toContain('lectrice.privee@example.org');
					expect(text, path).not.toContain('Un commentaire que personne ne doit toucher.');
					expect(text, path).toMatch(/connexion/);
				}
			}
		});

		it('open for the author, never cached, with the e-mail shown only there', async () => {
			const res = await getPage(server.url, '/admin?file=tous', authorCookie);
			expect(res.status).toBe(200);
			expect(res.headers.get('cache-control')).toContain('no-store');
			const html = await res.text();
			expect(html).toContain('Un commentaire que personne ne doit toucher.');
			expect(html).toContain('lectrice.privee@example.org');
			const other = await readerCookie(server.url);
			const article = await (await getPage(server.url, `/articles/${SLUG}`, other)).text();
			expect(article).not.toContain('lectrice.privee@example.org');
			for (const path of ['/admin/reglages', '/admin/journal']) {
				expect((await getPage(server.url, path, authorCookie)).status, path).toBe(200);
			}
		});
	});

	describe('admin form actions', () => {
		it('answer 401 without a session and 403 with a reader’s, and change nothing', async () => {
			const before = await commentStatus();
			for (const [path, fields] of ACTIONS) {
				const withId = { ...fields, commentId: String(commentId) };
				const anonymous = await postForm(server.url, path, withId);
				expect(anonymous.status, path).toBe(401);
				const asReader = await postForm(server.url, path, withId, { cookie: reader });
				expect(asReader.status, path).toBe(403);
			}
			expect(await commentStatus()).toEqual(before);
			expect(before).toEqual({
				status: 'published',
				body: 'Un commentaire que personne ne doit toucher.',
				closed: 0
			});
			// The article still takes comments: no policy was changed either.
			const writer = sockets[0];
			expect(expectOk(await postComment(writer, 'Toujours ouvert ?')).comment.status).toBe(
				'published'
			);
		});
	});

	describe('moderation socket commands', () => {
		it('answer UNAUTHORIZED without a session and FORBIDDEN to a reader', async () => {
			const anonymous = await connectAs(server.url);
			const asReader = await connectAs(server.url, reader);
			sockets.push(anonymous, asReader);
			for (const [name, payload] of COMMANDS) {
				const a = await emitAck(anonymous, name, payload());
				expect(a.ok ? 'ok' : a.error.code, name).toBe('UNAUTHORIZED');
				const r = await emitAck(asReader, name, payload());
				expect(r.ok ? 'ok' : r.error.code, name).toBe('FORBIDDEN');
			}
			expect((await commentStatus()).status).toBe('published');
		});

		it('answer the author', async () => {
			const author = await connectAs(server.url, authorCookie);
			sockets.push(author);
			const joined = await emitAck<{ counts: Record<string, number> }>(
				author,
				'moderation:join',
				{}
			);
			expect(joined.ok).toBe(true);
			const wrong = await emitAck(author, 'moderation:act', { commentId, action: 'explode' });
			expect(wrong.ok ? 'ok' : wrong.error.code).toBe('VALIDATION_FAILED');
		});
	});

	describe('author sessions', () => {
		it('keep only a hash of the secret in the database', async () => {
			const token = authorCookie.split('=')[1];
			const [id, secret] = token.split('.');
			const [row] = await queryRows(server, 'select * from sessions where id = $1', [id]);
			expect(row.secret_hash).toBe(hashSecret(secret));
			const sessions = await queryRows(server, 'select * from sessions');
			expect(sessions.length).toBeGreaterThanOrEqual(2);
			// Every row of every table, on either database.
			const everything = await snapshotDatabase(server);
			expect(Object.keys(everything)).toContain('sessions');
			expect(JSON.stringify(everything)).not.toContain(secret);
			// On SQLite, the files too: freed pages and the WAL keep what a row once held.
			if (database.kind === 'sqlite') {
				expect(existsSync(join(server.dataDir, 'fil.sqlite'))).toBe(true);
				for (const file of ['fil.sqlite', 'fil.sqlite-wal']) {
					const path = join(server.dataDir, file);
					if (existsSync(path)) expect(readFileSync(path).includes(secret), file).toBe(false);
				}
			}
		});

		it('set the cookie HttpOnly and SameSite=Lax (not Secure on plain-http localhost)', async () => {
			const res = await postForm(server.url, '/connexion', AUTHOR);
			const setCookie = res.headers.get('set-cookie') ?? '';
			expect(setCookie).toMatch(/HttpOnly/i);
			expect(setCookie).toMatch(/SameSite=Lax/i);
			expect(setCookie).not.toMatch(/Secure/i);
		});

		it('refuse a wrong password and an unknown address with the same answer', async () => {
			const wrong = await postForm(server.url, '/connexion', {
				email: AUTHOR.email,
				password: 'pas le bon mot de passe'
			});
			const unknown = await postForm(server.url, '/connexion', {
				email: 'personne@example.org',
				password: 'pas le bon mot de passe'
			});
			expect(wrong.status).toBe(400);
			expect(unknown.status).toBe(400);
			const message = 'Adresse e-mail ou mot de passe incorrect.';
			expect(await wrong.text()).toContain(message);
			expect(await unknown.text()).toContain(message);
			expect(wrong.headers.get('set-cookie')).toBeNull();
		});

		it('end with sign-out: cookie, session row and live moderator sockets all go', async () => {
			const cookie = await signIn(server.url);
			const socket = await connectAs(server.url, cookie);
			sockets.push(socket);
			expect((await emitAck(socket, 'moderation:join', {})).ok).toBe(true);
			const disconnected = new Promise<void>((done) => socket.once('disconnect', () => done()));
			expect((await getPage(server.url, '/deconnexion', cookie)).status).toBe(405);
			expect((await getPage(server.url, '/admin', cookie)).status).toBe(200);
			const out = await postForm(server.url, '/deconnexion', {}, { cookie });
			expect(out.status).toBe(303);
			expect(out.headers.get('set-cookie')).toMatch(/fil_session=;/);
			await disconnected;
			const after = await getPage(server.url, '/admin', cookie);
			expect(after.status).toBe(303);
			const id = cookie.split('=')[1].split('.')[0];
			expect(await queryRows(server, 'select id from sessions where id = $1', [id])).toEqual([]);
		});

		it('refuse a sign-out posted from another site', async () => {
			const res = await fetch(`${server.url}/deconnexion`, {
				method: 'POST',
				headers: {
					origin: 'https://evil.example',
					'content-type': 'application/x-www-form-urlencoded',
					cookie: authorCookie
				},
				body: '',
				redirect: 'manual'
			});
			expect(res.status).toBe(403);
			expect((await getPage(server.url, '/admin', authorCookie)).status).toBe(200);
		});
	});
});
