import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilServer } from '../../helpers/fil-server.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import {
	AUTHOR,
	saveSiteSettings,
	signIn,
	SLUG,
	startServerWithAuthor
} from '../../helpers/fixtures.ts';
import {
	commenter,
	type Commenter,
	hiddenToken,
	mailEnv,
	submitForm
} from '../../helpers/mail-test-kit.ts';
import { openServerDb, type ServerDb } from '../../helpers/server-db.ts';
import { postForm, readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket, waitForEvent } from '../../helpers/socket-client.ts';
import { eventually } from '../../helpers/wait.ts';
import {
	headerValue,
	linksOf,
	startSmtpSink,
	type ReceivedMail,
	type SmtpSink
} from '../../helpers/smtp-sink.ts';

const LUC = 'luc.lecteur@example.org';
const MIA = 'mia.moderee@example.net';
const BOUNCE = 'rebond@example.org';

forEachDatabase('notification mails to the author', (database) => {
	let sink: SmtpSink;
	let bounceRefused = true;
	let server: FilServer;
	let db: ServerDb;
	let authorCookie: string;
	let luc: Commenter;
	let mia: Commenter;
	let watcher: TestSocket;

	const authorMails = () => sink.mails.filter((m) => m.envelopeTo.includes(AUTHOR.email));
	const statusOf = async (id: number) =>
		(await db.all<{ status: string }>('select status from comments where id = ?', [id]))[0].status;
	const authorRows = async () => (await db.outbox()).filter((r) => r.kind === 'author-comment');

	async function authorMailAbout(body: string): Promise<ReceivedMail> {
		return sink.waitForMail((m) => m.envelopeTo.includes(AUTHOR.email) && m.text.includes(body));
	}

	beforeAll(async () => {
		sink = await startSmtpSink((_, to) =>
			to.includes(BOUNCE) && bounceRefused ? { code: 550, message: 'Boîte inconnue' } : 'accept'
		);
		server = await startServerWithAuthor({ ...database.env(), ...mailEnv(sink.url) }, AUTHOR);
		db = openServerDb(server, database);
		authorCookie = await signIn(server.url);
		await saveSiteSettings(server.url, authorCookie, { suspectWords: 'casino' });
		luc = await commenter(server.url, 'Luc', LUC);
		mia = await commenter(server.url, 'Mia', MIA);
		watcher = await connectAs(server.url);
		await emitAck(watcher, 'thread:join', { slug: SLUG, since: null });
	});

	afterAll(async () => {
		watcher?.disconnect();
		for (const c of [luc, mia]) c?.close();
		await db?.close();
		await server?.stop();
		await sink?.close();
	});

	describe('mails to the author', () => {
		it('tells of a published comment: text, article, name, address, buttons, unsubscribe', async () => {
			await luc.post('Une analyse très claire, merci.');
			const mail = await authorMailAbout('Une analyse très claire, merci.');
			expect(mail.envelopeTo).toEqual([AUTHOR.email]);
			expect(mail.subject).toMatch(/^Nouveau commentaire de Luc sur « Coût de l’IA/);
			for (const part of [mail.text, mail.html]) {
				expect(part).toContain('Luc');
				expect(part).toContain(LUC);
				expect(part).toContain('Coût de l’IA');
			}
			const labels = linksOf(mail).map((l) => l.label);
			expect(labels).toEqual(expect.arrayContaining(['Rejeter', 'Indésirable', 'Se désabonner']));
			expect(mail.headerLines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
			expect(headerValue(mail, 'List-Unsubscribe')).toMatch(
				/^<http:\/\/127\.0\.0\.1:\d+\/e-mail\/desabonnement\?token=[\w.-]+>$/
			);
			expect(mail.html).not.toMatch(/<img|<script|url\(http/i);
		});

		it('approves a held comment from the mail: GET only asks, the POST publishes it live', async () => {
			const held = await mia.post('Le casino de la tech, voilà ce que c’est.');
			expect(held.status).toBe('held');
			const mail = await authorMailAbout('Le casino de la tech');
			expect(mail.subject).toMatch(/^Commentaire à modérer de Mia/);
			const approve = linksOf(mail).find((l) => l.label === 'Approuver')!;
			expect(approve.href).toMatch(/\/e-mail\/moderation\?token=/);

			const page = await fetch(approve.href);
			expect(page.status).toBe(200);
			const html = await page.text();
			expect(html).toContain('Approuver ce commentaire ?');
			expect(await statusOf(held.id)).toBe('held');

			const live = waitForEvent(watcher, 'comment:created', (e) => e.comment.id === held.id);
			const res = await submitForm(approve.href, { token: hiddenToken(html) });
			expect(res.status).toBe(200);
			expect(await res.text()).toContain('Le commentaire est publié.');
			expect((await live).comment.body).toContain('Le casino de la tech');
			expect(await statusOf(held.id)).toBe('published');

			const again = await submitForm(approve.href, { token: hiddenToken(html) });
			expect(again.status).toBe(400);
			expect(await again.text()).toContain('déjà servi');
			// Opened again from the mail: the page says so, and answers 410 Gone.
			const reopened = await fetch(approve.href);
			expect(reopened.status).toBe(410);
			expect(await reopened.text()).toContain('déjà servi');
		});

		it('refuses a token whose comment or action was changed', async () => {
			const mail = await authorMailAbout('Le casino de la tech');
			const reject = linksOf(mail).find((l) => l.label === 'Rejeter')!;
			const token = new URL(reject.href).searchParams.get('token')!;
			const [body, signature] = token.split('.');
			const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
			const forged = Buffer.from(JSON.stringify({ ...payload, c: payload.c + 1 })).toString(
				'base64url'
			);
			const res = await submitForm(`${server.url}/e-mail/moderation`, {
				token: `${forged}.${signature}`
			});
			expect(res.status).toBe(400);
			expect(await res.text()).toContain('n’est pas valide');
			const opened = await fetch(`${server.url}/e-mail/moderation?token=${forged}.${signature}`);
			expect(opened.status).toBe(400);
			expect(await opened.text()).toContain('n’est pas valide');
		});

		it('sends the reply mail once a held reply is approved from the mail', async () => {
			const top = await luc.post('Luc attend des réponses.', { notify: true });
			const verify = await sink.waitForMail(
				(m) => m.envelopeTo.includes(LUC) && m.subject.startsWith('Confirmez')
			);
			const confirm = linksOf(verify).find((l) => l.label === 'Confirmer mon adresse')!.href;
			await submitForm(confirm, { token: hiddenToken(await (await fetch(confirm)).text()) });

			const reply = await mia.post('Un casino, encore une fois.', { parentId: top.id });
			expect((await db.outbox()).filter((r) => r.kind === 'reply')).toHaveLength(0);
			const mail = await authorMailAbout('Un casino, encore une fois.');
			const approve = linksOf(mail).find((l) => l.label === 'Approuver')!.href;
			await submitForm(approve, { token: hiddenToken(await (await fetch(approve)).text()) });
			expect(await statusOf(reply.id)).toBe('published');

			const replyMail = await sink.waitForMail(
				(m) => m.envelopeTo.includes(LUC) && headerValue(m, 'X-Fil-Mail') === 'reply'
			);
			expect(replyMail.text).toContain('Un casino, encore une fois.');
			expect(replyMail.raw).not.toContain(MIA);
			expect(replyMail.raw).not.toContain(AUTHOR.email);
		});
	});

	describe('the author’s settings and failed mails in /admin/e-mails', () => {
		it('refuses readers and anonymous visitors', async () => {
			const page = await fetch(`${server.url}/admin/e-mails`, { redirect: 'manual' });
			expect(page.status).toBe(303);
			expect(page.headers.get('location')).toMatch(/^\/connexion/);
			const reader = await readerCookie(server.url);
			const asReader = await postForm(
				server.url,
				'/admin/e-mails?/settings',
				{ notify: 'none' },
				{ cookie: reader }
			);
			expect(asReader.status).toBe(403);
			const anonymous = await postForm(server.url, '/admin/e-mails?/settings', { notify: 'none' });
			expect(anonymous.status).toBe(401);
		});

		it('"only held" stops alerts for published comments; "none" stops them all', async () => {
			const save = (fields: Record<string, string>) =>
				postForm(server.url, '/admin/e-mails?/settings', fields, { cookie: authorCookie });
			expect((await save({ notify: 'held' })).status).toBe(200);
			const before = (await authorRows()).length;
			await luc.post('Publié, sans alerte.');
			expect(await authorRows()).toHaveLength(before);
			await luc.post('Un casino de plus.');
			expect(await authorRows()).toHaveLength(before + 1);

			expect((await save({ notify: 'none', digest: 'on' })).status).toBe(200);
			await luc.post('Encore un casino.');
			expect(await authorRows()).toHaveLength(before + 1);
			const html = await (
				await fetch(`${server.url}/admin/e-mails`, { headers: { cookie: authorCookie } })
			).text();
			expect(html).toMatch(/value="none"[^>]*checked/);
			expect(html).toMatch(/name="digest"[^>]*checked/);
			expect((await save({ notify: 'every' })).status).toBe(200);
			expect((await save({ notify: 'souvent' })).status).toBe(400);
		});

		it('lists a failed mail without its address, and "Renvoyer" sends it', async () => {
			const bounce = await commenter(server.url, 'Rebond', BOUNCE);
			try {
				await bounce.post('Prévenez-moi.', { notify: true });
				const [row] = await eventually(
					'verification failed',
					async () => (await db.outbox()).filter((r) => r.to_address === BOUNCE),
					(rows) => rows[0]?.status === 'failed'
				);
				const page = await fetch(`${server.url}/admin/e-mails`, {
					headers: { cookie: authorCookie }
				});
				const html = await page.text();
				expect(html).toContain('Vérification d’adresse');
				expect(html).toContain('Renvoyer');
				expect(html).not.toContain(BOUNCE);

				bounceRefused = false;
				const res = await postForm(
					server.url,
					'/admin/e-mails?/resend',
					{ outboxId: String(row.id) },
					{ cookie: authorCookie }
				);
				expect(res.status).toBe(200);
				const mail = await sink.waitForMail((m) => m.envelopeTo.includes(BOUNCE));
				expect(mail.subject).toContain('Confirmez');
			} finally {
				bounce.close();
			}
		});

		it('one-click unsubscribe from an author mail turns the alerts off', async () => {
			const mail = authorMails().at(-1)!;
			const target = headerValue(mail, 'List-Unsubscribe')!.slice(1, -1);
			const res = await fetch(target, {
				method: 'POST',
				headers: { 'content-type': 'multipart/form-data; boundary=x' },
				body: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n'
			});
			expect(res.status).toBe(200);
			const before = (await authorRows()).length;
			await luc.post('Plus personne ne le saura.');
			expect(await authorRows()).toHaveLength(before);
		});
	});
});
