import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createAuthorAccount, restoreDefaults, signIn } from './author-session.ts';
import { checkEveryWay } from './page-checks.ts';
import { openPoster } from './seed.ts';
import { ARTICLE, fillAndPost, openLiveReader } from './thread-helpers.ts';

// Every page a reader or the author meets, in the states that matter, each loaded once and
// then checked in both themes at both widths (see page-checks.ts).

test.describe.configure({ mode: 'serial' });
// Axe runs 4 times per state: each state gets more than the default 30 s on a busy machine.
test.setTimeout(120_000);
test.beforeAll(() => createAuthorAccount());

async function withPage(browser: Browser, run: (page: Page) => Promise<void>): Promise<void> {
	const context = await browser.newContext();
	try {
		await run(await context.newPage());
	} finally {
		await context.close();
	}
}

test('the article as it comes, then sign-in, the mail link pages and a 404', async ({
	browser
}) => {
	await withPage(browser, async (page) => {
		await page.goto(ARTICLE);
		await expect(page.getByText('En direct', { exact: true })).toBeVisible();
		await checkEveryWay(page, 'article');

		await page.goto('/connexion');
		await page.getByLabel('Adresse e-mail').fill('pas-une-adresse');
		await page.getByLabel('Mot de passe').fill('x');
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page.locator('.error, [role="alert"]').first()).toBeVisible();
		await checkEveryWay(page, '/connexion with an error');

		for (const path of ['verification', 'desabonnement', 'moderation']) {
			await page.goto(`/e-mail/${path}?token=faux`);
			await checkEveryWay(page, `/e-mail/${path} with a bad token`);
		}

		const missing = await page.goto('/nulle-part');
		expect(missing?.status()).toBe(404);
		await checkEveryWay(page, '404');
	});
});

test('a long thread with replies, a reply form open, then form errors', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!, 'Bérénice Longuenom-Delaplace');
	const tag = randomUUID().slice(0, 8);
	for (let i = 0; i < 12; i++) {
		const parent = await poster.post(`Un avis n° ${i} ${tag}, assez long pour passer à la ligne.`);
		if (i % 3 === 0) await poster.post(`Une réponse au n° ${i} ${tag}`, parent.id);
	}
	poster.close();

	const { context, page } = await openLiveReader(browser, `${ARTICLE}?tri=newest`);
	try {
		await checkEveryWay(page, 'article with a long thread');

		await page.getByRole('link', { name: 'Répondre', exact: true }).first().click();
		await expect(page.locator('form.reply')).toBeVisible();
		await checkEveryWay(page, 'article with a reply form open');

		await page.keyboard.press('Escape');
		const form = page.locator('#laisser-un-commentaire');
		await form.getByLabel('E-mail *').fill('pas-une-adresse');
		await form.getByRole('button', { name: 'Publier le commentaire' }).click();
		await expect(form.locator('[aria-invalid="true"]').first()).toBeVisible();
		await checkEveryWay(page, 'article with form errors');
	} finally {
		await context.close();
	}
});

test('a held comment as its writer sees it, and every dashboard page with items', async ({
	browser,
	baseURL
}) => {
	const author = await signIn(browser);
	const reader = await browser.newContext();
	try {
		await author.page.goto('/admin/reglages');
		await author.page.getByRole('radio', { name: 'Tous les commentaires' }).check();
		await author.page.getByRole('button', { name: 'Enregistrer les réglages du site' }).click();
		await expect(author.page.getByText('Réglages enregistrés.')).toBeVisible();
		await checkEveryWay(author.page, '/admin/reglages');

		const page = await reader.newPage();
		await page.goto(ARTICLE);
		await expect(page.getByText('En direct', { exact: true })).toBeVisible();
		const text = `Un avis qui attend ${randomUUID().slice(0, 8)}`;
		await fillAndPost(page, { body: text, name: 'Henri Held', email: 'henri@example.org' });
		await expect(page.getByText('Votre commentaire est en attente de modération')).toBeVisible();
		await checkEveryWay(page, 'article with a held comment, as its writer sees it');

		await author.page.goto('/admin?file=pending');
		const item = author.page.locator('li.item').filter({ hasText: text });
		await expect(item).toBeVisible();
		await checkEveryWay(author.page, '/admin with items');

		// Banned by identity only: an address ban would shut out every later test.
		await item.getByText('Bannir Henri Held').click();
		await item.getByLabel('et son adresse IP').uncheck();
		await item.getByRole('button', { name: 'Bannir', exact: true }).click();
		await author.page.goto('/admin/bannis');
		await expect(author.page.getByText('henri@example.org')).toBeVisible();
		await checkEveryWay(author.page, '/admin/bannis with a ban');
		await author.page.getByRole('button', { name: 'Lever le bannissement de Henri Held' }).click();

		await author.page.goto('/admin/journal');
		await checkEveryWay(author.page, '/admin/journal');
		await author.page.goto('/admin/e-mails');
		await checkEveryWay(author.page, '/admin/e-mails');
	} finally {
		await reader.close();
		await restoreDefaults(author.page, baseURL ?? '');
		await author.context.close();
	}
});
