import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FilServer } from '../../helpers/fil-server.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { AUTHOR, saveSiteSettings, signIn, startServerWithAuthor } from '../../helpers/fixtures.ts';
import {
	commenter,
	type Commenter,
	hiddenToken,
	mailEnv,
	submitForm
} from '../../helpers/mail-test-kit.ts';
import { openServerDb, type ServerDb } from '../../helpers/server-db.ts';
import { postForm } from '../../helpers/site-http.ts';
import { emitAck } from '../../helpers/socket-client.ts';
import { eventually } from '../../helpers/wait.ts';
import { headerValue, linksOf, startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';

const ALMA = 'alma.test@example.org';
const BRUNO = 'bruno.test@example.net';
const MIA = 'mia.test@example.com';

/** Mail links and mails around a comment whose state changed after a mail was queued. */
forEachDatabase('mails and decisions that cross', (database) => {
	let sink: SmtpSink;
	let server: FilServer;
	let db: ServerDb;
	let authorCookie: string;
	let alma: Commenter;
	let bruno: Commenter;
	let mia: Commenter;

	const statusOf = async (id: number) =>
		(await db.all<{ status: string }>('select status from comments where id = ?', [id]))[0].status;

	beforeAll(async () => {
		sink = await startSmtpSink();
		server = await startServerWithAuthor(
			{ ...database.env(), ...mailEnv(sink.url, { MAIL_REPLY_GROUP_SECONDS: '2' }) },
			AUTHOR
		);
		db = openServerDb(server, database);
		authorCookie = await signIn(server.url);
		await saveSiteSettings(server.url, authorCookie, { suspectWords: 'casino' });
		alma = await commenter(server.url, 'Alma', ALMA);
		bruno = await commenter(server.url, 'Bruno', BRUNO);
		mia = await commenter(server.url, 'Mia', MIA);
	});

	afterAll(async () => {
		for (const c of [alma, bruno, mia]) c?.close();
		await db?.close();
		await server?.stop();
		await sink?.close();
	});

	it('a stale "Approuver" button from the mail does not publish a comment the author rejected since', async () => {
		const held = await mia.post('Le casino des modèles, encore.');
		expect(held.status).toBe('held');
		const mail = await sink.waitForMail(
			(m) => m.envelopeTo.includes(AUTHOR.email) && m.text.includes('Le casino des modèles')
		);
		const approve = linksOf(mail).find((l) => l.label === 'Approuver')!.href;

		// The author rejects it from the dashboard.
		const res = await postForm(
			server.url,
			'/admin?/moderate',
			{ commentId: String(held.id), action: 'reject' },
			{ cookie: authorCookie }
		);
		expect(res.status).toBe(303);
		expect(await statusOf(held.id)).toBe('rejected');

		// Later, the old mail's button (issued for a held comment) is pressed.
		const page = await (await fetch(approve)).text();
		await submitForm(approve, { token: hiddenToken(page) });
		expect(await statusOf(held.id)).toBe('rejected');
	});

	it('a reply held (edit) before its mail went, then approved, is still told to the person answered', async () => {
		const top = await alma.post('Alma attend des réponses.', { notify: true });
		const verify = await sink.waitForMail(
			(m) => m.envelopeTo.includes(ALMA) && m.subject.startsWith('Confirmez')
		);
		const confirm = linksOf(verify).find((l) => l.label === 'Confirmer mon adresse')!.href;
		await submitForm(confirm, { token: hiddenToken(await (await fetch(confirm)).text()) });

		const reply = await bruno.post('Bruno répond à Alma.', { parentId: top.id });
		expect(reply.status).toBe('published');
		// Bruno rewrites it at once; the policy holds the new text.
		const ack = await emitAck(bruno.socket, 'comment:edit', {
			commentId: reply.id,
			body: 'Bruno répond à Alma, casino compris.'
		});
		expect(ack.ok).toBe(true);
		expect(await statusOf(reply.id)).toBe('held');

		// Its mail comes due while it is held: nothing to tell yet.
		await eventually(
			'the reply row is settled',
			async () => (await db.outbox()).filter((r) => r.kind === 'reply' && r.to_address === ALMA),
			(rows) => rows.length === 1 && rows[0].status !== 'pending' && rows[0].status !== 'sending'
		);

		// The author approves it: it is published, and Alma should now be told.
		const res = await postForm(
			server.url,
			'/admin?/moderate',
			{ commentId: String(reply.id), action: 'approve' },
			{ cookie: authorCookie }
		);
		expect(res.status).toBe(303);
		expect(await statusOf(reply.id)).toBe('published');
		// Its first row was cancelled while it was held; the approval queues nothing new.
		await eventually(
			'a reply mail about the approved reply is sent to Alma',
			async () =>
				(await db.outbox())
					.filter((r) => r.kind === 'reply' && r.to_address === ALMA)
					.map((r) => ({ id: r.id, status: r.status, payload: r.payload })),
			(rows) => rows.some((r) => r.status === 'sent'),
			8_000
		);
		const told = await sink.waitForMail(
			(m) => m.envelopeTo.includes(ALMA) && headerValue(m, 'X-Fil-Mail') === 'reply',
			8_000
		);
		expect(told.text).toContain('casino compris');
	});
	it('tells the author when an edit sends a published comment back to moderation', async () => {
		const clean = await mia.post('Mia écrit quelque chose de sage.');
		expect(clean.status).toBe('published');
		await sink.waitForMail(
			(m) =>
				m.envelopeTo.includes(AUTHOR.email) && m.text.includes('Mia écrit quelque chose de sage.')
		);
		const ack = await emitAck(mia.socket, 'comment:edit', {
			commentId: clean.id,
			body: 'Mia écrit finalement sur le casino.'
		});
		expect(ack.ok).toBe(true);
		expect(await statusOf(clean.id)).toBe('held');
		// It waits in the queue: the author, who moderates from mail, should get its buttons.
		const mail = await sink.waitForMail(
			(m) =>
				m.envelopeTo.includes(AUTHOR.email) &&
				m.text.includes('Mia écrit finalement sur le casino.'),
			8_000
		);
		expect(linksOf(mail).some((l) => l.label === 'Approuver')).toBe(true);
	});
});
