import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { bodySchema } from '../../server/contract/schemas.ts';
import type { PublicComment } from '../../server/contract/types.ts';
import { XSS_NAMES, XSS_PAYLOADS } from '../fixtures/xss-payloads.ts';
import type { FilServer } from '../helpers/fil-server.ts';
import { AUTHOR, SLUG, startServerWithAuthor } from '../helpers/fixtures.ts';
import { commenter, mailEnv } from '../helpers/mail-test-kit.ts';
import { queryRows } from '../helpers/server-db.ts';
import { readerCookie } from '../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../helpers/socket-client.ts';
import { linksOf, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { guardedPage, spreadOver } from './xss-guard.ts';

// Its own server and SMTP sink: mails go out at once, as many as asked.
let sink: SmtpSink;
let server: FilServer;
const sockets: TestSocket[] = [];

test.beforeAll(async () => {
	sink = await startSmtpSink();
	server = await startServerWithAuthor(
		mailEnv(sink.url, { MAIL_PER_RECIPIENT_PER_HOUR: '10000', MAIL_POLL_MS: '200' })
	);
});

test.afterAll(async () => {
	for (const s of sockets) s.disconnect();
	await server?.stop();
	await sink?.close();
});

test('HTML mails carrying every payload run none of them', async ({ browser }) => {
	test.setTimeout(240_000);
	// A commenter confirms her address, so that answers to her are mailed.
	const asker = await commenter(server.url, 'Abonnée', 'abonnee.xss@example.org');
	const question = await asker.post('Qu’en pensez-vous ?', { notify: true });
	const verification = await sink.waitForMail((m) =>
		m.envelopeTo.includes('abonnee.xss@example.org')
	);
	const confirm = linksOf(verification).find((l) => l.href.includes('/e-mail/verification'))!;
	await fetch(`${server.url}/e-mail/verification`, {
		method: 'POST',
		headers: { origin: server.url },
		body: new URLSearchParams({ token: new URL(confirm.href).searchParams.get('token')! })
	});
	asker.close();

	// Every payload answers her, under a hostile name; each also goes to the author.
	for (let i = 0; i < 10; i++)
		sockets.push(await connectAs(server.url, await readerCookie(server.url)));
	const spread = spreadOver(XSS_PAYLOADS, sockets.length);
	for (const [i, payload] of XSS_PAYLOADS.entries()) {
		const ack = await emitAck<{ comment: PublicComment }>(sockets[spread[i]], 'comment:post', {
			slug: SLUG,
			parentId: question.id,
			body: payload,
			name: XSS_NAMES[i % XSS_NAMES.length],
			email: `xss${i}@example.org`,
			website: '',
			notify: i % 10 === 0,
			idempotencyKey: `xss-mail-${i}-${randomUUID().slice(0, 8)}`
		});
		expect(ack.ok, payload).toBe(true);
	}
	await expect
		.poll(
			async () =>
				(
					await queryRows(
						server,
						"select count(*) as n from outbox where status in ('pending', 'sending')"
					)
				)[0].n,
			{ timeout: 120_000 }
		)
		.toBe(0);

	let rendered = 0;
	const ran: string[] = [];
	const shown = new Set<string>();
	for (const mail of sink.mails) {
		const guard = await guardedPage(browser);
		await guard.page.setContent(mail.html, { waitUntil: 'load' });
		const found = await guard.page.evaluate(() => ({
			hrefs: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
			handlers: [...document.querySelectorAll('*')].flatMap((el) =>
				[...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)
			),
			active: document.querySelectorAll(
				'script, iframe, object, embed, svg, math, form, base, meta[http-equiv]'
			).length,
			text: document.body.textContent ?? ''
		}));
		expect(
			found.hrefs.filter((h) => !/^https?:\/\//.test(h)),
			mail.subject
		).toEqual([]);
		expect(found.handlers, mail.subject).toEqual([]);
		expect(found.active, mail.subject).toBe(0);
		for (const p of XSS_PAYLOADS)
			if (found.text.includes(bodySchema.parse(p).replace(/\s+/g, ' ').trim())) shown.add(p);
		ran.push(...(await guard.ran()));
		rendered += 1;
		await guard.context.close();
	}
	const toAuthor = sink.mails.filter((m) => m.envelopeTo.includes(AUTHOR.email)).length;
	const replies = sink.mails.filter((m) =>
		/^(Nouvelle réponse|\d+ nouvelles réponses)/.test(m.subject)
	).length;
	const confirmations = sink.mails.filter((m) => m.subject.startsWith('Confirmez')).length;
	console.log(
		`xss mails: ${rendered} HTML mails rendered in Chromium (${toAuthor} to the author, ${replies} reply mails, ` +
			`${confirmations} address confirmations), ${shown.size} of ${XSS_PAYLOADS.length} payloads ` +
			`found as plain text, ${ran.length} scripts ran; every link http(s)`
	);
	expect(ran).toEqual([]);
	expect(toAuthor).toBeGreaterThan(0);
	expect(replies).toBeGreaterThan(0);
	expect(
		XSS_PAYLOADS.filter((p) => !shown.has(p)),
		'payloads not found as plain text in any mail'
	).toEqual([]);
});
