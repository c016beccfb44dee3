import { expect, test } from '@playwright/test';
import {
	ARTICLE,
	commentIdOf,
	commentWith,
	cuttableLink,
	fillAndPost,
	openLiveReader,
	unique
} from './thread-helpers.ts';
import { openPoster } from './seed.ts';

// What a reader keeps when the link drops or a session cannot be made, and what a keyboard,
// a screen reader and a small screen get.

const focusIsLost = () =>
	document.activeElement === document.body || document.activeElement === null;

test('a reaction clicked while reconnecting does not reload the page and lose the draft', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const text = unique('Un avis à approuver pendant la coupure');
	await poster.post(text);
	poster.close();

	const context = await browser.newContext();
	const link = await cuttableLink(context);
	const page = await context.newPage();
	await page.goto(`${ARTICLE}?tri=newest`);
	await expect(page.getByText('En direct', { exact: true })).toBeVisible();
	const draft = 'Mon long brouillon, écrit avec soin';
	const field = page.locator('#laisser-un-commentaire').getByLabel('Commentaire *');
	await field.fill(draft);
	await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

	await link.cut();
	await expect(page.getByText('Reconnexion…')).toBeVisible();
	await commentWith(page, text)
		.getByRole('button', { name: /^J’approuve/ })
		.click();
	await page.waitForTimeout(1500);

	// Not the no-JavaScript form: a full page load would lose the draft.
	expect(
		await page.evaluate(() => (window as { stillTheSamePage?: boolean }).stillTheSamePage)
	).toBe(true);
	await expect(field).toHaveValue(draft);
	await context.close();
});

test('a first post whose session cannot be made says so instead of “Publication…” forever', async ({
	browser
}) => {
	const { context, page } = await openLiveReader(browser);
	// What /api/session answers once too many identities came from one address.
	await page.route('**/api/session', (route) =>
		route.fulfill({
			status: 429,
			contentType: 'application/json',
			headers: { 'retry-after': '3600' },
			body: JSON.stringify({
				ok: false,
				error: {
					code: 'RATE_LIMITED',
					message: 'Trop de messages — réessayez dans 3600 s',
					retryAfterMs: 3_600_000
				}
			})
		})
	);
	await fillAndPost(page, {
		body: unique('Premier message d’une nouvelle lectrice'),
		name: 'Zoé',
		email: 'zoe@example.org'
	});
	const form = page.locator('#laisser-un-commentaire');
	await expect(form.getByRole('alert')).toBeVisible({ timeout: 5000 });
	await expect(form.getByRole('button', { name: 'Publier le commentaire' })).toBeEnabled();
	await context.close();
});

test('a refused edit is announced and the focus stays on the field', async ({ browser }) => {
	const { context, page } = await openLiveReader(browser);
	const text = unique('À modifier au clavier');
	await fillAndPost(page, { body: text, name: 'Kim', email: 'kim@example.org' });
	await expect(commentWith(page, text)).toBeVisible();
	const id = await commentIdOf(page, text);

	await commentWith(page, text).getByRole('link', { name: 'Modifier' }).click();
	const field = page.locator(`#edit-${id}`);
	await expect(field).toBeFocused();
	await field.fill('   ');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await expect(page.locator(`#edit-${id}-error`)).toHaveText('Écrivez votre commentaire.');
	// Announced, and the focus back on the field.
	await expect(page.locator(`#comment-${id}`).getByRole('alert')).toHaveText(
		'Écrivez votre commentaire.'
	);
	expect(await page.evaluate(focusIsLost)).toBe(false);
	await context.close();
});

test('a long name does not make the page scroll sideways on a phone', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!, 'Maximilien'.repeat(8));
	const text = unique('Un nom de quatre-vingts lettres');
	await poster.post(text);
	poster.close();
	const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
	const page = await context.newPage();
	await page.goto(`${ARTICLE}?tri=newest`);
	await expect(commentWith(page, text)).toBeVisible();
	const [scroll, client] = await page.evaluate(() => [
		document.documentElement.scrollWidth,
		document.documentElement.clientWidth
	]);
	expect(scroll).toBeLessThanOrEqual(client);
	await context.close();
});

test('?repondre= opens the reply form for a comment beyond the first page of threads', async ({
	page,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	let last = 0;
	for (let i = 0; i < 12; i++) last = (await poster.post(unique(`Fil ${i} lointain`))).id;
	poster.close();

	// The address the "Répondre" link of a thread loaded by "Voir plus" (with JavaScript)
	// points to, opened in a new tab, or shared.
	await page.goto(`${ARTICLE}?repondre=${last}#repondre-${last}`);
	await expect(page.locator(`#repondre-${last}`).getByLabel('Commentaire *')).toBeVisible();
});

test('after sending a reply with the keyboard, focus stays in the thread', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const parent = await poster.post(unique('Un avis qui appelle une réponse'));
	poster.close();
	const { context, page } = await openLiveReader(browser, `${ARTICLE}?tri=newest`);

	await page
		.locator(`#comment-${parent.id} > article`)
		.getByRole('link', { name: 'Répondre' })
		.click();
	const form = page.locator(`#repondre-${parent.id}`);
	await expect(form.getByLabel('Commentaire *')).toBeFocused();
	const text = unique('Ma réponse au clavier');
	await page.keyboard.type(text);
	await form.getByLabel('Nom *').fill('Clara');
	await form.getByLabel('E-mail *').fill('clara@example.org');
	await form.getByRole('button', { name: 'Publier le commentaire' }).focus();
	await page.keyboard.press('Enter');
	await expect(commentWith(page, text)).toBeVisible();
	await expect(form).toHaveCount(0);
	// The form the focus was in is gone: the next Tab must not start from the top of the page.
	expect(await page.evaluate(focusIsLost)).toBe(false);
	await expect(commentWith(page, text)).toBeFocused();
	await context.close();
});

test('Escape closes an open reply form and gives the focus back to its “Répondre” link', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const parent = await poster.post(unique('Un avis auquel on renonce à répondre'));
	poster.close();
	const { context, page } = await openLiveReader(browser, `${ARTICLE}?tri=newest`);

	const reply = page
		.locator(`#comment-${parent.id} > article`)
		.getByRole('link', { name: 'Répondre' });
	await reply.click();
	const form = page.locator(`#repondre-${parent.id}`);
	await expect(form.getByLabel('Commentaire *')).toBeFocused();
	await page.keyboard.type('Finalement non');
	await page.keyboard.press('Escape');
	await expect(form).toHaveCount(0);
	await expect(reply).toBeFocused();
	await context.close();
});

test('a reaction made in one tab shows as mine in the reader’s other tab', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const text = unique('Un avis à aimer dans deux onglets');
	await poster.post(text);
	poster.close();

	const context = await browser.newContext();
	const first = await context.newPage();
	await first.goto(`${ARTICLE}?tri=newest`);
	await expect(first.getByText('En direct', { exact: true })).toBeVisible();
	// The first reaction gives this browser its session; the second tab opens with it.
	await commentWith(first, text)
		.getByRole('button', { name: /^J’approuve/ })
		.click();
	await expect(
		commentWith(first, text).getByRole('button', { name: 'J’approuve : 1' })
	).toBeVisible();
	const second = await context.newPage();
	await second.goto(`${ARTICLE}?tri=newest`);
	await expect(second.getByText('En direct', { exact: true })).toBeVisible();

	await commentWith(first, text)
		.getByRole('button', { name: /^J’adore/ })
		.click();
	const heart = commentWith(second, text).getByRole('button', { name: /^J’adore/ });
	await expect(heart).toHaveAccessibleName('J’adore : 1');
	// The reader's own ❤️ must read as pressed, or the next click takes it back.
	await expect(heart).toHaveAttribute('aria-pressed', 'true');
	// And taken back in the second tab, it is no longer pressed in the first.
	await heart.click();
	await expect(commentWith(first, text).getByRole('button', { name: /^J’adore/ })).toHaveAttribute(
		'aria-pressed',
		'false'
	);
	await context.close();
});

test('a reply being typed is not thrown away when its parent is deleted meanwhile', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const parent = await poster.post(unique('Un avis bientôt retiré'));
	const { context, page } = await openLiveReader(browser, `${ARTICLE}?tri=newest`);

	await page
		.locator(`#comment-${parent.id} > article`)
		.getByRole('link', { name: 'Répondre' })
		.click();
	const draft = 'Une longue réponse, rédigée avec soin';
	await page.keyboard.type(draft);
	await expect(page.locator(`#r${parent.id}-body`)).toHaveValue(draft);
	await poster.remove(parent.id);
	// The text stays, with the reason it cannot be published.
	const item = page.locator(`#comment-${parent.id}`);
	await expect(item.getByText('Commentaire supprimé')).toBeVisible();
	await expect(item.getByRole('alert')).toContainText('vient d’être supprimé');
	await expect(page.locator(`#r${parent.id}-body`)).toHaveValue(draft);
	poster.close();
	await context.close();
});

test('the comment box being typed in does not jump when someone else’s comment arrives', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
	const page = await context.newPage();
	await page.goto(ARTICLE);
	await expect(page.getByText('En direct', { exact: true })).toBeVisible();
	const field = page.locator('#laisser-un-commentaire').getByLabel('Commentaire *');
	// The end of the thread on screen, the box below it: where a reader answers the question.
	await page.evaluate(() => {
		const form = document.getElementById('laisser-un-commentaire')!;
		window.scrollBy(0, form.getBoundingClientRect().top - 300);
	});
	await field.click();
	await page.keyboard.type('Je réponds ');
	const top = () => field.evaluate((el) => Math.round(el.getBoundingClientRect().top));
	const before = await top();

	const text = unique('Un avis qui arrive pendant la frappe');
	await poster.post(`${text}\n\n${'Un paragraphe de plus. '.repeat(30)}`);
	// Held back behind the banner while the reader types, shown when asked for.
	const banner = page.getByRole('button', { name: /nouveau/ });
	await expect(banner).toBeVisible();
	expect(Math.abs((await top()) - before)).toBeLessThan(5);
	await expect(field).toBeFocused();
	await banner.click();
	await expect(commentWith(page, text)).toHaveCount(1);
	poster.close();
	await context.close();
});
