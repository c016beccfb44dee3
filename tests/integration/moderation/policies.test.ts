import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FilServer } from '../../helpers/fil-server.ts';
import { saveSiteSettings, signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { getPage, postForm } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket, waitForEvent } from '../../helpers/socket-client.ts';
import { expectOk, joinAsReader, postComment, postStatus } from '../../helpers/thread-actions.ts';

let server: FilServer;
let authorCookie: string;
let author: TestSocket;
let watcher: TestSocket;
const open: TestSocket[] = [];
let ips = 0;

/** A new reader from its own (forwarded) address, joined to the thread. */
async function newReader(ip = `192.0.2.${++ips}`): Promise<{ socket: TestSocket; cookie: string }> {
	const reader = await joinAsReader(server.url, ip);
	open.push(reader.socket);
	return reader;
}

forEachDatabase('moderation policies', (database) => {
	printLogsOnFailure(() => [server]);
	beforeAll(async () => {
		open.length = 0;
		server = await startServerWithAuthor({
			...database.env(),
			TRUST_PROXY_HOPS: '1'
		});
		authorCookie = await signIn(server.url);
		author = await connectAs(server.url, authorCookie, '10.0.0.1');
		watcher = (await newReader()).socket;
	});

	beforeEach(async () => {
		await saveSiteSettings(server.url, authorCookie, {});
	});

	afterAll(async () => {
		for (const s of [author, ...open]) s?.disconnect();
		await server?.stop();
	});

	describe('pre-moderation', () => {
		it('an article can override the site', async () => {
			const res = await postForm(
				server.url,
				'/admin/reglages?/article',
				{ slug: SLUG, preModeration: 'all', bannedWords: '', suspectWords: '' },
				{ cookie: authorCookie }
			);
			expect(res.status).toBe(303);
			const { socket } = await newReader();
			expect(await postStatus(socket, 'Sur cet article tout attend')).toBe('held');
			await postForm(
				server.url,
				'/admin/reglages?/article',
				{ slug: SLUG, preModeration: '', bannedWords: '', suspectWords: '' },
				{ cookie: authorCookie }
			);
			expect(await postStatus(socket, 'Retour à la règle du site')).toBe('published');
		});

		it('refuses invalid settings with a field message and keeps the old ones', async () => {
			const res = await postForm(
				server.url,
				'/admin/reglages?/site',
				{ preModeration: 'sometimes', maxLinks: '-4', reportThreshold: '3' },
				{ cookie: authorCookie }
			);
			expect(res.status).toBe(400);
			const { socket } = await newReader();
			expect(await postStatus(socket, 'Toujours publié')).toBe('published');
		});
	});

	describe('words and links', () => {
		it('an edit is checked too: a clean comment rewritten into spam leaves the page', async () => {
			await saveSiteSettings(server.url, authorCookie, { suspectWords: 'casino' });
			const { socket } = await newReader();
			const clean = expectOk(await postComment(socket, 'Un avis tout à fait honnête')).comment;
			const gone = waitForEvent(watcher, 'comment:deleted', (e) => e.commentId === clean.id);
			const edit = expectOk(
				await emitAck<{ comment: { status: string } }>(socket, 'comment:edit', {
					commentId: clean.id,
					body: 'Venez au casino'
				})
			);
			expect(edit.comment.status).toBe('held');
			await gone;
		});
	});

	describe('duplicates, bans and closed threads', () => {
		it('a banned reader and its address are refused; rejecting all removes its comments', async () => {
			const ip = '198.18.0.9';
			const { socket } = await newReader(ip);
			const first = expectOk(await postComment(socket, 'Premier message du futur banni')).comment;
			const second = expectOk(await postComment(socket, 'Second message du futur banni')).comment;
			const removed = Promise.all(
				[first.id, second.id].map((id) =>
					waitForEvent(watcher, 'comment:deleted', (e) => e.commentId === id)
				)
			);
			const banned = await emitAck<{ rejected: number }>(author, 'moderation:ban', {
				commentId: first.id,
				includeIp: true,
				rejectAll: true
			});
			expect(expectOk(banned).rejected).toBe(2);
			await removed;
			expect(await postStatus(socket, 'Je reviens')).toBe('BANNED');
			const sameAddress = await newReader(ip);
			expect(await postStatus(sameAddress.socket, 'Nouveau navigateur, même adresse')).toBe(
				'BANNED'
			);
			const elsewhere = await newReader();
			expect(await postStatus(elsewhere.socket, 'Une autre personne')).toBe('published');
		});

		it('a closed thread refuses posts over the socket and the form, with a clear message', async () => {
			const { socket, cookie } = await newReader();
			const closed = await postForm(
				server.url,
				'/admin?/thread',
				{ slug: SLUG, closed: '1' },
				{ cookie: authorCookie }
			);
			expect(closed.status).toBe(303);
			expect(await postStatus(socket, 'Trop tard ?')).toBe('THREAD_CLOSED');
			const res = await postForm(
				server.url,
				`/articles/${SLUG}?/comment`,
				{
					body: 'Par formulaire',
					name: 'Lectrice',
					email: 'l@example.org',
					website: '',
					idempotencyKey: 'closed-form-0001'
				},
				{ cookie }
			);
			expect(res.status).toBe(409);
			expect(await res.text()).toContain('Les commentaires sont fermés.');
			await postForm(
				server.url,
				'/admin?/thread',
				{ slug: SLUG, closed: '0' },
				{ cookie: authorCookie }
			);
			expect(await postStatus(socket, 'Rouvert !')).toBe('published');
		});
	});

	describe('the dashboard without JavaScript', () => {
		it('approves a selection at once and shows the queue counts', async () => {
			await saveSiteSettings(server.url, authorCookie, { preModeration: 'all' });
			const { socket } = await newReader();
			const ids = [];
			for (const body of ['Sélection un', 'Sélection deux', 'Sélection trois']) {
				ids.push(expectOk(await postComment(socket, body)).comment.id);
			}
			const before = await (await getPage(server.url, '/admin', authorCookie)).text();
			for (const body of ['Sélection un', 'Sélection deux', 'Sélection trois']) {
				expect(before).toContain(body);
			}
			const res = await postForm(
				server.url,
				'/admin?/bulk&file=attente',
				{ action: 'approve', commentId: [String(ids[0]), String(ids[1])] },
				{ cookie: authorCookie }
			);
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/admin?file=attente');
			const after = await (await getPage(server.url, '/admin', authorCookie)).text();
			expect(after).not.toContain('Sélection un');
			expect(after).not.toContain('Sélection deux');
			expect(after).toContain('Sélection trois');
			// Newest first: the first page holds only a few threads.
			const article = await (await getPage(server.url, `/articles/${SLUG}?tri=newest`)).text();
			expect(article).toContain('Sélection un');
			expect(article).not.toContain('Sélection trois');
		});

		it('edits a comment’s text, marked as changed by the author', async () => {
			const { socket } = await newReader();
			const c = expectOk(await postComment(socket, 'Un texte avec une faute')).comment;
			const edited = waitForEvent(watcher, 'comment:updated', (e) => e.comment.id === c.id);
			const res = await postForm(
				server.url,
				'/admin?/edit',
				{ commentId: String(c.id), body: 'Un texte sans faute' },
				{ cookie: authorCookie }
			);
			expect(res.status).toBe(303);
			const event = await edited;
			expect(event.comment.body).toBe('Un texte sans faute');
			expect(event.comment.editedByAuthor).toBe(true);
		});
	});

	describe('the audit log', () => {
		it('records who did what to which comment', async () => {
			const res = await fetch(`${server.url}/admin/journal`, {
				headers: { cookie: authorCookie, accept: 'text/html' }
			});
			const html = await res.text();
			expect(html).toContain('Anne Autrice');
			expect(html).toContain('a approuvé');
			expect(html).toContain('a banni l’auteur de');
			expect(html).toContain('a fermé les commentaires');
		});
	});
});
