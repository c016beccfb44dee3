import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import {
	commenter,
	type Commenter,
	hiddenToken,
	mailEnv,
	submitForm
} from '../../helpers/mail-test-kit.ts';
import { openServerDb, type ServerDb } from '../../helpers/server-db.ts';
import { headerValue, linksOf, startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';

const ALICE = 'alice.secret@example.org';
const BOB = 'bob.hidden@example.net';
const CAROL = 'carol.private@example.com';

forEachDatabase('notification mails to commenters', (database) => {
	let sink: SmtpSink;
	let server: FilServer;
	let db: ServerDb;
	let alice: Commenter;
	let bob: Commenter;
	let carol: Commenter;

	const replyRowsFor = async (address: string) =>
		(await db.outbox()).filter((r) => r.kind === 'reply' && r.to_address === address);

	beforeAll(async () => {
		sink = await startSmtpSink();
		server = await startFilServer({
			env: { ...database.env(), ...mailEnv(sink.url, { MAIL_REPLY_GROUP_SECONDS: '3' }) }
		});
		db = openServerDb(server, database);
		alice = await commenter(server.url, 'Alice', ALICE);
		bob = await commenter(server.url, 'Bob', BOB);
		carol = await commenter(server.url, 'Carol', CAROL);
	});

	afterAll(async () => {
		for (const c of [alice, bob, carol]) c?.close();
		await db?.close();
		await server?.stop();
		await sink?.close();
	});

	describe('reply notifications with double opt-in', () => {
		let aliceComment: number;

		it('sends a verification mail first, and only one however many posts ask', async () => {
			aliceComment = (await alice.post('Je veux savoir qui me répond.', { notify: true })).id;
			const mail = await sink.waitForMail((m) => m.envelopeTo.includes(ALICE));
			expect(mail.subject).toBe('Confirmez votre adresse pour suivre les réponses');
			expect(mail.text).toContain('Confirmer mon adresse');
			expect(mail.html).toContain('Confirmer mon adresse');
			expect(headerValue(mail, 'List-Unsubscribe')).toBeUndefined();
			expect(mail.raw).not.toMatch(/<img|src="http/i);

			await alice.post('Une deuxième remarque.', { notify: true });
			expect((await db.outbox()).filter((r) => r.kind === 'verify-email')).toHaveLength(1);
		});

		it('sends nothing but that to the unverified address, even when someone answers', async () => {
			await bob.post('Réponse avant la vérification.', { parentId: aliceComment });
			expect(await replyRowsFor(ALICE)).toHaveLength(0);
		});

		it('verifies the address only when the page’s button is pressed, not on GET', async () => {
			const mail = sink.mails.find((m) => m.envelopeTo.includes(ALICE));
			const link = linksOf(mail!).find((l) => l.label === 'Confirmer mon adresse');
			expect(link?.href).toContain(`${server.url}/e-mail/verification?token=`);

			const page = await fetch(link!.href);
			expect(page.status).toBe(200);
			const html = await page.text();
			expect(html).toContain('Confirmer mon adresse');
			const verified = async () =>
				(
					await db.all<{ v: number }>('select email_verified v from identities where email = ?', [
						ALICE
					])
				)[0].v;
			expect(await verified()).toBe(0);

			const res = await submitForm(link!.href, { token: hiddenToken(html) });
			expect(res.status).toBe(200);
			expect(await res.text()).toContain('Adresse confirmée');
			expect(await verified()).toBe(1);
		});

		it('never tells someone about their own reply', async () => {
			await alice.post('Je me réponds à moi-même.', { parentId: aliceComment });
			expect(await replyRowsFor(ALICE)).toHaveLength(0);
		});

		it('groups replies in one mail that shows no other commenter’s address', async () => {
			await carol.post('Carol répond à Alice.', { parentId: aliceComment });
			await bob.post('Bob répond encore.', { parentId: aliceComment });
			const mail = await sink.waitForMail(
				(m) => m.envelopeTo.includes(ALICE) && headerValue(m, 'X-Fil-Mail') === 'reply'
			);
			expect(mail.envelopeTo).toEqual([ALICE]);
			expect(mail.subject).toMatch(/^2 nouvelles réponses sur « Coût de l’IA/);
			expect(mail.text).toContain('Carol répond à Alice.');
			expect(mail.text).toContain('Bob répond encore.');
			expect(mail.text).not.toContain('Réponse avant la vérification.');
			expect(mail.text).not.toContain('Je me réponds à moi-même.');
			for (const other of [BOB, CAROL]) {
				expect(mail.raw.toLowerCase()).not.toContain(other);
				expect(mail.raw.toLowerCase()).not.toContain(encodeURIComponent(other));
			}
			// List-* headers, on the raw lines as sent.
			const lines = mail.headerLines;
			expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
			const unsubscribe = lines.find((l) => l.startsWith('List-Unsubscribe: '));
			expect(unsubscribe).toMatch(
				new RegExp(
					`^List-Unsubscribe: <${server.url}/e-mail/desabonnement\\?token=[A-Za-z0-9._-]+>$`
				)
			);
			expect(mail.raw).toContain('\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
			expect(headerValue(mail, 'Message-ID')).toMatch(/^<fil-outbox-\d+@localhost>$/);
			expect(headerValue(mail, 'Auto-Submitted')).toBe('auto-generated');
			expect(linksOf(mail).some((l) => l.label === 'Se désabonner de ces e-mails')).toBe(true);
		});

		it('stops all reply mails after a cookieless one-click POST, answered 2xx without redirect', async () => {
			const mail = sink.mails.find(
				(m) => m.envelopeTo.includes(ALICE) && headerValue(m, 'List-Unsubscribe')
			)!;
			const target = headerValue(mail, 'List-Unsubscribe')!.slice(1, -1);
			const res = await fetch(target, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'List-Unsubscribe=One-Click'
			});
			expect(res.status).toBe(200);
			expect(res.headers.get('location')).toBeNull();

			const before = (await replyRowsFor(ALICE)).length;
			await carol.post('Encore une réponse, après le désabonnement.', { parentId: aliceComment });
			expect(await replyRowsFor(ALICE)).toHaveLength(before);
		});

		it('refuses a cross-site one-click POST with a forged token', async () => {
			const res = await fetch(
				`${server.url}/e-mail/desabonnement?token=abcdefgh.${'A'.repeat(43)}`,
				{
					method: 'POST',
					headers: {
						origin: 'https://mail.example',
						'content-type': 'application/x-www-form-urlencoded'
					},
					body: 'List-Unsubscribe=One-Click'
				}
			);
			expect(res.status).toBe(400);
		});
	});

	describe('unsubscribing from one thread through the visible link', () => {
		it('shows a page whose button silences that thread only', async () => {
			const dora = await commenter(server.url, 'Dora', 'dora@example.org');
			try {
				const top = await dora.post('Dora suit ce fil.', { notify: true });
				const verify = await sink.waitForMail((m) => m.envelopeTo.includes('dora@example.org'));
				const confirm = linksOf(verify).find((l) => l.label === 'Confirmer mon adresse')!.href;
				const page = await (await fetch(confirm)).text();
				await submitForm(confirm, { token: hiddenToken(page) });

				await bob.post('Bob répond à Dora.', { parentId: top.id });
				const reply = await sink.waitForMail(
					(m) => m.envelopeTo.includes('dora@example.org') && m.text.includes('Bob répond à Dora.')
				);
				const link = linksOf(reply).find((l) => l.label === 'Se désabonner de ces e-mails')!;
				const unsubscribePage = await fetch(link.href);
				const html = await unsubscribePage.text();
				expect(html).toContain('Plus de réponses sur');
				expect(html).toContain('Plus aucun e-mail de Fil');
				const res = await submitForm(`${server.url}/e-mail/desabonnement?/thread`, {
					token: hiddenToken(html)
				});
				expect(res.status).toBe(200);
				expect(await res.text()).toContain('Vous ne recevrez plus d’e-mail pour les réponses');
				const optOuts = await db.all('select article_slug from mail_opt_outs where address = ?', [
					'dora@example.org'
				]);
				expect(optOuts).toEqual([{ article_slug: 'cout-de-l-ia' }]);
				await bob.post('Bob insiste.', { parentId: top.id });
				expect(await replyRowsFor('dora@example.org')).toHaveLength(1);

				// Asking again on that thread brings her back in.
				const again = await dora.post('Dora revient.', { notify: true });
				await bob.post('Bob répond au retour de Dora.', { parentId: again.id });
				await sink.waitForMail(
					(m) =>
						m.envelopeTo.includes('dora@example.org') &&
						m.text.includes('Bob répond au retour de Dora.')
				);
			} finally {
				dora.close();
			}
		});
	});
});
