import { expect, test } from '@playwright/test';
import {
	ARTICLE,
	commentWith,
	cuttableLink,
	fillAndPost,
	openLiveReader,
	unique
} from './thread-helpers.ts';
import { openPoster } from './seed.ts';

test('a reader scrolled down is not moved: new comments above wait behind a banner', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const topic = await poster.post(unique('Un sujet lancé plus haut'));
	for (let i = 0; i < 8; i++)
		await poster.post(
			unique(
				`Commentaire de remplissage ${i}\n\nAvec un second paragraphe pour prendre de la place.`
			)
		);

	// Every thread on the page: the first page alone holds only the oldest few.
	const b = await openLiveReader(browser, `${ARTICLE}?n=2000`);
	await b.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
	const reply = unique('Une réponse qui arrive au-dessus');
	await poster.post(reply, topic.id);

	const banner = b.page.getByRole('button', { name: '1 nouveau commentaire' });
	await expect(banner).toBeVisible();
	await expect(b.page.getByText(reply)).toHaveCount(0);
	await expect(
		b.page.locator('[aria-live="polite"]').filter({ hasText: 'nouveau commentaire' })
	).toHaveCount(1);

	const second = unique('Et une deuxième');
	await poster.post(second, topic.id);
	await expect(b.page.getByRole('button', { name: '2 nouveaux commentaires' })).toBeVisible();

	await b.page.getByRole('button', { name: '2 nouveaux commentaires' }).click();
	await expect(commentWith(b.page, reply)).toBeInViewport();
	await expect(commentWith(b.page, second)).toBeVisible();
	await expect(b.page.getByRole('button', { name: /nouveaux? commentaires?/ })).toHaveCount(0);

	poster.close();
	await b.context.close();
});

test('a reader at the top sees new comments below at once, announced to screen readers', async ({
	browser,
	baseURL
}) => {
	const b = await openLiveReader(browser);
	const poster = await openPoster(baseURL!, 'Zoé Annonce');
	const text = unique('Arrivée en direct');
	await poster.post(text);
	await expect(commentWith(b.page, text)).toBeAttached();
	await expect(
		b.page.locator('[aria-live="polite"]').filter({ hasText: 'Nouveau commentaire de Zoé Annonce' })
	).toHaveCount(1);
	await expect(b.page.getByRole('button', { name: /nouveaux? commentaires?/ })).toHaveCount(0);
	poster.close();
	await b.context.close();
});

test('the reader edits and deletes their own comment live, and others see it', async ({
	browser
}) => {
	const a = await openLiveReader(browser);
	const b = await openLiveReader(browser);
	const text = unique('Une première idée');
	await fillAndPost(a.page, { body: text, name: 'Alice', email: 'alice@example.org' });
	await expect(commentWith(b.page, text)).toBeVisible();
	// Only the author's browser offers to change it.
	await expect(commentWith(b.page, text).getByRole('link', { name: 'Modifier' })).toHaveCount(0);

	await commentWith(a.page, text).getByRole('link', { name: 'Modifier' }).click();
	const edited = unique('Une idée corrigée');
	await a.page.getByLabel('Modifier votre commentaire').fill(edited);
	await a.page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(commentWith(b.page, edited)).toContainText('modifié');
	await expect(b.page.getByText(text)).toHaveCount(0);

	await commentWith(a.page, edited).getByRole('link', { name: 'Supprimer' }).click();
	await a.page.getByRole('button', { name: 'Oui, supprimer' }).click();
	await expect(a.page.getByText(edited)).toHaveCount(0);
	await expect(b.page.getByText(edited)).toHaveCount(0);

	await a.context.close();
	await b.context.close();
});

test('a post made offline waits, shown as pending, and is published once on reconnection', async ({
	browser
}) => {
	const context = await browser.newContext();
	const link = await cuttableLink(context);
	const page = await context.newPage();
	await page.goto(ARTICLE);
	await expect(page.getByText('En direct', { exact: true })).toBeVisible();
	const b = await openLiveReader(browser);
	// A has posted once, so its session exists before the link goes.
	const first = unique('Avant la coupure');
	await fillAndPost(page, { body: first, name: 'Alice', email: 'alice@example.org' });
	await expect(commentWith(page, first)).toBeVisible();

	await expect(page.getByText(/lecteurs? en ce moment/)).toBeVisible();
	await link.cut();
	await expect(page.getByText('Reconnexion…')).toBeVisible();
	// The reader count is not left standing, stale, next to "Reconnexion…".
	await expect(page.getByText(/lecteurs? en ce moment/)).toHaveCount(0);
	const text = unique('Écrit dans le train');
	await fillAndPost(page, { body: text, name: 'Alice', email: 'alice@example.org' });
	await expect(page.locator('.pending').filter({ hasText: text })).toContainText(
		'En attente de connexion…'
	);
	// Queued, it shows once: as the pending placeholder, not also still in the box.
	await expect(page.locator('#laisser-un-commentaire').getByLabel('Commentaire *')).toHaveValue('');
	await expect(commentWith(b.page, text)).toHaveCount(0);

	link.restore();
	await expect(commentWith(page, text)).toBeVisible();
	await expect(page.locator('.pending')).toHaveCount(0);
	await expect(commentWith(b.page, text)).toHaveCount(1);
	// Reloaded with every thread (the first page alone holds only the oldest few): once only.
	await b.page.goto(`${ARTICLE}?n=2000`);
	await expect(commentWith(b.page, text)).toHaveCount(1);

	await context.close();
	await b.context.close();
});

test('a reader who lost the connection gets what was missed when it comes back', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext();
	const link = await cuttableLink(context);
	const page = await context.newPage();
	await page.goto(ARTICLE);
	await expect(page.getByText('En direct', { exact: true })).toBeVisible();
	const poster = await openPoster(baseURL!);
	const kept = await poster.post(unique('Un avis qui sera modifié'));
	const gone = await poster.post(unique('Un avis qui sera supprimé'));
	await expect(commentWith(page, gone.body)).toBeAttached();

	await link.cut();
	await expect(page.getByText('Reconnexion…')).toBeVisible();
	const missed = unique('Publié pendant la coupure');
	await poster.post(missed);
	await poster.edit(kept.id, `${kept.body} (modifié pendant la coupure)`);
	await poster.remove(gone.id);
	link.restore();

	await expect(page.getByText('En direct', { exact: true })).toBeVisible();
	await expect(commentWith(page, missed)).toBeAttached();
	await expect(commentWith(page, 'modifié pendant la coupure')).toContainText('modifié');
	await expect(page.getByText(gone.body)).toHaveCount(0);

	poster.close();
	await context.close();
});

test('"Voir plus de commentaires" brings the next threads, with and without JavaScript', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	let last = '';
	for (let i = 0; i < 51; i++) {
		last = unique(`Fil numéro ${i}`);
		await poster.post(last);
	}
	poster.close();

	const live = await openLiveReader(browser);
	await expect(live.page.getByText(last)).toHaveCount(0);
	for (let i = 0; i < 10 && (await live.page.getByText(last).count()) === 0; i++) {
		await live.page.getByRole('link', { name: 'Voir plus de commentaires' }).click();
		await expect(live.page.getByText('Chargement…')).toHaveCount(0);
	}
	await expect(commentWith(live.page, last)).toBeVisible();
	expect(live.page.url()).not.toContain('n=');
	await live.context.close();

	const plain = await browser.newContext({ javaScriptEnabled: false });
	const page = await plain.newPage();
	await page.goto(ARTICLE);
	await page.getByRole('link', { name: 'Voir plus de commentaires' }).click();
	await expect(page).toHaveURL(/n=60/);
	await expect(page.locator('#commentaires > ol > li').nth(50)).toBeAttached();
	await plain.close();
});
