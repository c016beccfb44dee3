import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationItem } from '../../../server/contract/moderation.ts';
import type { PublicComment, ThreadPage, ThreadSync } from '../../../server/contract/types.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { saveSiteSettings, signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { getPage, postForm, readerCookie } from '../../helpers/site-http.ts';
import {
	connectAs,
	emitAck,
	recordEvents,
	type TestSocket,
	waitForEvent
} from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

let server: FilServer;
let authorCookie: string;
let writerCookie: string;
let otherCookie: string;
let author: TestSocket;
let writer: TestSocket;
let other: TestSocket;
let otherSeen: { name: string; payload: unknown }[];
let startCursor: number;
const HELD_TEXT = 'Texte retenu, visible de son auteur et de l’autrice seulement';
let held: PublicComment;

async function join(socket: TestSocket, since: number | null = null): Promise<ThreadSync> {
	return expectOk(await emitAck<ThreadSync>(socket, 'thread:join', { slug: SLUG, since }));
}

/** A published comment from the author: once `other` has it, it has everything sent before. */
let sentinels = 0;
async function sentinel(): Promise<void> {
	sentinels += 1;
	const body = `Repère n° ${sentinels}`;
	const arrived = waitForEvent(other, 'comment:created', (e) => e.comment.body === body);
	expect(expectOk(await postComment(author, body)).comment.status).toBe('published');
	await arrived;
}

function otherSaw(id: number, text = HELD_TEXT): boolean {
	return otherSeen.some((e) => {
		const json = JSON.stringify(e.payload);
		return json.includes(text) || new RegExp(`"(commentId|id)":${id}[,}]`).test(json);
	});
}

forEachDatabase('held comments and live decisions', (database) => {
	printLogsOnFailure(() => [server]);
	beforeAll(async () => {
		// The proxy header lets reporters speak from several addresses (reports count those).
		server = await startServerWithAuthor({ ...database.env(), TRUST_PROXY_HOPS: '1' });
		authorCookie = await signIn(server.url);
		writerCookie = await readerCookie(server.url);
		otherCookie = await readerCookie(server.url);
		await saveSiteSettings(server.url, authorCookie, { preModeration: 'all' });
		author = await connectAs(server.url, authorCookie);
		writer = await connectAs(server.url, writerCookie);
		other = await connectAs(server.url, otherCookie);
		otherSeen = recordEvents(other);
		expectOk(await emitAck(author, 'moderation:join', {}));
		startCursor = (await join(other)).cursor;
		await join(writer);
		await join(author);
	});

	afterAll(async () => {
		for (const s of [author, writer, other]) s?.disconnect();
		await server?.stop();
	});

	describe('a held comment', () => {
		it('goes to its writer and to the moderators (with the e-mail), not to other readers', async () => {
			const toWriter = waitForEvent(writer, 'comment:created', (e) => e.comment.body === HELD_TEXT);
			const toModerators = new Promise<ModerationItem>((done) =>
				author.on('moderation:queued', (e) => {
					if (e.item.body === HELD_TEXT) done(e.item);
				})
			);
			held = expectOk(await postComment(writer, HELD_TEXT)).comment;
			expect(held.status).toBe('held');
			expect((await toWriter).comment.status).toBe('held');
			const item = await toModerators;
			expect(item.email).toBe('lectrice.privee@example.org');
			expect(item.heldReason).toBe('all');
			await sentinel();
			expect(otherSaw(held.id)).toBe(false);
			expect(JSON.stringify(otherSeen)).not.toContain('lectrice.privee');
		});

		it('is absent from other readers’ page HTML, present for its writer and the author', async () => {
			const page = async (cookie?: string) =>
				(await getPage(server.url, `/articles/${SLUG}`, cookie)).text();
			expect(await page()).not.toContain(HELD_TEXT);
			expect(await page(otherCookie)).not.toContain(HELD_TEXT);
			expect(await page(writerCookie)).toContain(HELD_TEXT);
			expect(await page(authorCookie)).toContain(HELD_TEXT);
		});

		it('is absent from thread:page for other readers', async () => {
			const pageOf = async (s: TestSocket) =>
				expectOk(
					await emitAck<ThreadPage>(s, 'thread:page', { slug: SLUG, sort: 'oldest', offset: 0 })
				).comments.map((c) => c.id);
			expect(await pageOf(other)).not.toContain(held.id);
			const anonymous = await connectAs(server.url);
			expect(await pageOf(anonymous)).not.toContain(held.id);
			anonymous.disconnect();
			expect(await pageOf(writer)).toContain(held.id);
		});

		it('is absent from other readers’ catch-up, whatever the cursor', async () => {
			const late = await connectAs(server.url, otherCookie);
			for (const since of [0, startCursor]) {
				const sync = await join(late, since);
				expect(JSON.stringify(sync), `since ${since}`).not.toContain(HELD_TEXT);
				expect(sync.events.some((e) => 'comment' in e && e.comment.id === held.id)).toBe(false);
				expect(sync.events.some((e) => 'commentId' in e && e.commentId === held.id)).toBe(false);
			}
			late.disconnect();
			const mine = await connectAs(server.url, writerCookie);
			const sync = await join(mine, startCursor);
			expect(sync.events.some((e) => 'comment' in e && e.comment.id === held.id)).toBe(true);
			mine.disconnect();
		});

		it('reaches everyone once approved, live and through catch-up', async () => {
			const beforeApproval = (await join(other)).cursor;
			const appears = waitForEvent(other, 'comment:created', (e) => e.comment.id === held.id);
			const item = expectOk(
				await emitAck<{ item: ModerationItem }>(author, 'moderation:act', {
					commentId: held.id,
					action: 'approve'
				})
			).item;
			expect(item.status).toBe('published');
			const event = await appears;
			expect(event.comment.status).toBe('published');
			expect(JSON.stringify(event)).not.toContain('lectrice.privee');
			const late = await connectAs(server.url, otherCookie);
			for (const since of [0, beforeApproval]) {
				const sync = await join(late, since);
				const created = sync.events.filter(
					(e) => e.type === 'comment:created' && e.comment.id === held.id
				);
				expect(created.length, `since ${since}`).toBeGreaterThan(0);
			}
			late.disconnect();
			expect(await (await getPage(server.url, `/articles/${SLUG}`)).text()).toContain(HELD_TEXT);
		});

		it('rejected while held, is withdrawn from its writer and never shown to others', async () => {
			const text = 'Un second texte retenu puis rejeté';
			const mine = expectOk(await postComment(writer, text)).comment;
			const gone = waitForEvent(writer, 'comment:deleted', (e) => e.commentId === mine.id);
			expectOk(await emitAck(author, 'moderation:act', { commentId: mine.id, action: 'reject' }));
			await gone;
			await sentinel();
			expect(otherSaw(mine.id, text)).toBe(false);
			// Not even its withdrawal is replayed to others: they never knew it existed.
			const late = await connectAs(server.url, otherCookie);
			const sync = await join(late, startCursor);
			late.disconnect();
			expect(sync.events.some((e) => 'commentId' in e && e.commentId === mine.id)).toBe(false);
			expect(sync.events.some((e) => 'comment' in e && e.comment.id === mine.id)).toBe(false);
			expect(
				await (await getPage(server.url, `/articles/${SLUG}`, writerCookie)).text()
			).not.toContain(text);
		});
	});

	describe('the public event sequence', () => {
		it('has no gap for other readers, however many comments were held', async () => {
			await sentinel();
			const ids = otherSeen
				.map((e) => (e.payload as { eventId?: number } | undefined)?.eventId)
				.filter((id): id is number => typeof id === 'number');
			expect(ids.length).toBeGreaterThan(3);
			expect(ids[0]).toBe(startCursor + 1);
			ids.forEach((id, i) => expect(id, `event ${i}`).toBe(startCursor + 1 + i));
		});
	});

	describe('decisions on published comments reach readers live', () => {
		it('pin moves it up, an edit is marked, delete removes it', async () => {
			const pinned = waitForEvent(
				other,
				'comment:updated',
				(e) => e.comment.id === held.id && e.comment.pinned
			);
			expectOk(await emitAck(author, 'moderation:act', { commentId: held.id, action: 'pin' }));
			await pinned;
			const page = expectOk(
				await emitAck<ThreadPage>(other, 'thread:page', { slug: SLUG, sort: 'newest', offset: 0 })
			);
			expect(page.comments[0].id).toBe(held.id);

			const edited = waitForEvent(other, 'comment:updated', (e) => e.comment.editedByAuthor);
			expectOk(
				await emitAck(author, 'moderation:edit', { commentId: held.id, body: 'Texte corrigé.' })
			);
			expect((await edited).comment.body).toBe('Texte corrigé.');

			const deleted = waitForEvent(other, 'comment:deleted', (e) => e.commentId === held.id);
			expectOk(await emitAck(author, 'moderation:act', { commentId: held.id, action: 'delete' }));
			await deleted;
		});

		it('closing the thread tells readers and refuses posts; reopening restores them', async () => {
			const closed = waitForEvent(other, 'thread:closed', (e) => e.closed);
			expectOk(await emitAck(author, 'moderation:thread', { slug: SLUG, closed: true }));
			await closed;
			const refused = await postComment(other, 'Encore un mot ?');
			expect(refused.ok ? 'ok' : refused.error.code).toBe('THREAD_CLOSED');
			expect((await join(other)).closed).toBe(true);
			const reopened = waitForEvent(other, 'thread:closed', (e) => !e.closed);
			expectOk(await emitAck(author, 'moderation:thread', { slug: SLUG, closed: false }));
			await reopened;
		});
	});

	describe('reports', () => {
		it('hold a comment after three readers (three addresses), once each, and queue it', async () => {
			await saveSiteSettings(server.url, authorCookie, { preModeration: 'none' });
			const text = 'Un commentaire que trois lecteurs signalent';
			const target = expectOk(await postComment(writer, text)).comment;
			expect(target.status).toBe('published');
			const reporters = await Promise.all(
				[1, 2, 3].map(async (i) =>
					connectAs(server.url, await readerCookie(server.url), `198.51.100.${i}`)
				)
			);
			const report = (s: TestSocket) =>
				emitAck(s, 'comment:report', { commentId: target.id, reason: 'abuse' });
			expectOk(await report(reporters[0]));
			const twice = await report(reporters[0]);
			expect(twice.ok ? 'ok' : twice.error.code).toBe('DUPLICATE');
			expectOk(await report(reporters[1]));
			const own = await emitAck(writer, 'comment:report', { commentId: target.id, reason: 'spam' });
			expect(own.ok ? 'ok' : own.error.code).toBe('FORBIDDEN');
			const removed = waitForEvent(other, 'comment:deleted', (e) => e.commentId === target.id);
			const queued = new Promise<ModerationItem>((done) =>
				author.on('moderation:queued', (e) => {
					if (e.item.id === target.id && e.item.status === 'held') done(e.item);
				})
			);
			expectOk(await report(reporters[2]));
			await removed;
			const item = await queued;
			expect(item.heldReason).toBe('reports');
			expect(item.reports.count).toBe(3);
			for (const s of reporters) s.disconnect();
			expect(
				await (await getPage(server.url, `/articles/${SLUG}`, otherCookie)).text()
			).not.toContain(text);
			const admin = await (await getPage(server.url, '/admin?file=signales', authorCookie)).text();
			expect(admin).toContain(text);
		});

		it('work without JavaScript through a report page per comment', async () => {
			const target = expectOk(await postComment(writer, 'Signalé depuis sa page')).comment;
			const path = `/articles/${SLUG}/signaler/${target.id}`;
			const page = await getPage(server.url, path, otherCookie);
			expect(page.status).toBe(200);
			const html = await page.text();
			expect(html).toContain('Signalé depuis sa page');
			expect(html).toContain('name="reason"');
			const sent = await postForm(server.url, path, { reason: 'spam' }, { cookie: otherCookie });
			expect(sent.status).toBe(303);
			expect(sent.headers.get('location')).toBe(`${path}?envoye`);
			const thanks = await (await getPage(server.url, `${path}?envoye`, otherCookie)).text();
			expect(thanks).toContain('votre signalement a été transmis');
			const again = await postForm(server.url, path, { reason: 'spam' }, { cookie: otherCookie });
			expect(again.status).toBe(409);
			// Nothing to report, and nothing shown, but a published comment of this article.
			for (const bad of [`${held.id}`, '999999', 'abc', '0']) {
				const res = await getPage(server.url, `/articles/${SLUG}/signaler/${bad}`, otherCookie);
				expect(res.status, bad).toBe(404);
				expect(await res.text()).not.toContain(HELD_TEXT);
			}
			const wrongArticle = await getPage(server.url, `/articles/autre/signaler/${target.id}`);
			expect(wrongArticle.status).toBe(404);
		});

		it('work without JavaScript through the report form action', async () => {
			const target = expectOk(await postComment(writer, 'Signalé par formulaire')).comment;
			const res = await postForm(
				server.url,
				`/articles/${SLUG}?/report`,
				{ commentId: String(target.id), reason: 'off_topic' },
				{ cookie: otherCookie }
			);
			expect(res.status).toBe(303);
			const again = await postForm(
				server.url,
				`/articles/${SLUG}?/report`,
				{ commentId: String(target.id), reason: 'off_topic' },
				{ cookie: otherCookie }
			);
			expect(again.status).toBe(409);
		});
	});

	describe('the author on the article page', () => {
		it('posts without name or e-mail, with the author badge, never held', async () => {
			await saveSiteSettings(server.url, authorCookie, { preModeration: 'all' });
			const ack = await emitAck<{ comment: PublicComment }>(author, 'comment:post', {
				slug: SLUG,
				body: 'Réponse de l’autrice',
				idempotencyKey: 'author-key-0001'
			});
			const comment = expectOk(ack).comment;
			expect(comment.status).toBe('published');
			expect(comment.author.isAuthor).toBe(true);
			expect(comment.author.name).toBe('Anne Autrice');
			const res = await postForm(
				server.url,
				`/articles/${SLUG}?/comment`,
				{ body: 'Par le formulaire', name: '', email: '', idempotencyKey: 'author-key-0002' },
				{ cookie: authorCookie }
			);
			expect(res.status).toBe(303);
		});
	});
});
