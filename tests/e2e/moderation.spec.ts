import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
	ARTICLE,
	createAuthorAccount,
	openReader,
	restoreDefaults,
	signIn
} from './author-session.ts';

test.beforeAll(() => createAuthorAccount());

test('the author moderates live: queue, approval, deletion, closing the thread', async ({
	browser,
	baseURL
}) => {
	const author = await signIn(browser);
	try {
		// Pre-moderation "all", set on the settings page.
		await author.page.getByRole('link', { name: 'Réglages' }).click();
		await author.page.getByRole('radio', { name: 'Tous les commentaires' }).check();
		await author.page.getByRole('button', { name: 'Enregistrer les réglages du site' }).click();
		await expect(author.page.getByText('Réglages enregistrés.')).toBeVisible();

		await author.page.getByRole('link', { name: 'Modération' }).click();
		await expect(author.page.getByText('● en direct')).toBeVisible();

		// The author also reads the article, in another tab of the same browser.
		const authorArticle = await author.context.newPage();
		await authorArticle.goto(ARTICLE);
		await expect(authorArticle.getByText('En direct', { exact: true })).toBeVisible();

		const writer = await openReader(browser);
		const other = await openReader(browser);
		const text = `Et si l’objectif était de nous rendre dépendants ? ${randomUUID().slice(0, 8)}`;

		const form = writer.page.locator('#laisser-un-commentaire');
		await form.getByLabel('Commentaire *').fill(text);
		await form.getByLabel('Nom *').fill('Lina Lectrice');
		await form.getByLabel('E-mail *').fill('lina.privee@example.org');
		await form.getByRole('button', { name: 'Publier le commentaire' }).click();

		// The writer sees it, marked as waiting; the author's queue gets it live, with the e-mail.
		const mine = writer.page.locator('article.comment').filter({ hasText: text });
		await expect(mine.getByText('Votre commentaire est en attente de modération')).toBeVisible();
		const queued = author.page.locator('li.item').filter({ hasText: text });
		await expect(queued).toBeVisible();
		await expect(queued.getByText('lina.privee@example.org')).toBeVisible();
		// On the author's article page it arrives live too, marked as waiting, without the e-mail.
		const onAuthorPage = authorArticle.locator('article.comment').filter({ hasText: text });
		await expect(onAuthorPage.getByText('En attente de modération', { exact: true })).toBeVisible();
		await expect(authorArticle.getByText('lina.privee@example.org')).toHaveCount(0);

		// The second reader does not get it, live or on reload.
		await expect(other.page.getByText(text)).toHaveCount(0);
		const reloaded = await browser.newContext();
		const fresh = await reloaded.newPage();
		await fresh.goto(ARTICLE);
		await expect(fresh.getByText(text)).toHaveCount(0);
		await reloaded.close();

		// Approved: it appears for the second reader without a reload.
		await queued.getByRole('button', { name: 'Approuver' }).click();
		await expect(other.page.getByText(text)).toBeVisible();
		await expect(mine.getByText('Votre commentaire est en attente de modération')).toHaveCount(0);
		await expect(onAuthorPage.getByText('En attente de modération', { exact: true })).toHaveCount(
			0
		);
		await expect(onAuthorPage).toBeVisible();
		await authorArticle.close();

		// Deleted from the "Tous" queue: it disappears for both readers.
		await author.page.getByRole('link', { name: /^Tous/ }).click();
		await author.page
			.locator('li.item')
			.filter({ hasText: text })
			.getByRole('button', { name: 'Supprimer' })
			.click();
		await expect(other.page.getByText(text)).toHaveCount(0);
		await expect(writer.page.getByText(text)).toHaveCount(0);

		// Closed: the form goes away for readers, live.
		await expect(other.page.getByRole('button', { name: 'Publier le commentaire' })).toBeVisible();
		await author.page.getByRole('button', { name: 'Fermer les commentaires' }).click();
		for (const reader of [other, writer]) {
			await expect(reader.page.getByText('Les commentaires sont fermés')).toBeVisible();
			await expect(reader.page.getByRole('button', { name: 'Publier le commentaire' })).toHaveCount(
				0
			);
		}
		await writer.context.close();
		await other.context.close();
	} finally {
		await restoreDefaults(author.page, baseURL ?? '');
		await author.context.close();
	}
});

test('the author approves with the keyboard and comments with the author badge', async ({
	browser,
	baseURL
}) => {
	const author = await signIn(browser);
	try {
		await author.page.goto('/admin/reglages');
		await author.page.getByRole('radio', { name: 'Tous les commentaires' }).check();
		await author.page.getByRole('button', { name: 'Enregistrer les réglages du site' }).click();
		await expect(author.page.getByText('Réglages enregistrés.')).toBeVisible();
		await author.page.goto('/admin');
		await expect(author.page.getByText('● en direct')).toBeVisible();

		const reader = await openReader(browser);
		const text = `Une question posée au clavier ${randomUUID().slice(0, 8)}`;
		const form = reader.page.locator('#laisser-un-commentaire');
		await form.getByLabel('Commentaire *').fill(text);
		await form.getByLabel('Nom *').fill('Karim');
		await form.getByLabel('E-mail *').fill('karim@example.org');
		await form.getByRole('button', { name: 'Publier le commentaire' }).click();

		const item = author.page.locator('li.item').filter({ hasText: text });
		await expect(item).toBeVisible();
		await expect(author.page.locator('li.item').first()).toContainText(text);
		await author.page.keyboard.press('a');
		await expect(item).toHaveCount(0);

		// On the article, signed in: no name or e-mail fields, and the badge.
		const reply = `Merci pour la question ${randomUUID().slice(0, 8)}`;
		await author.page.goto(ARTICLE);
		await expect(author.page.getByText('En direct', { exact: true })).toBeVisible();
		const authorForm = author.page.locator('#laisser-un-commentaire');
		await expect(authorForm.getByLabel('E-mail *')).toHaveCount(0);
		await authorForm.getByLabel('Commentaire *').fill(reply);
		await authorForm.getByRole('button', { name: 'Publier le commentaire' }).click();
		const onReader = reader.page.locator('article.comment').filter({ hasText: reply });
		await expect(onReader.getByText('Auteur', { exact: true })).toBeVisible();
		await reader.context.close();
	} finally {
		await restoreDefaults(author.page, baseURL ?? '');
		await author.context.close();
	}
});
