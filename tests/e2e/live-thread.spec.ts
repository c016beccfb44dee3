import { expect, test } from '@playwright/test';
import {
	ARTICLE,
	commentIdOf,
	commentWith,
	fillAndPost,
	openLiveReader,
	unique
} from './thread-helpers.ts';
import { openPoster } from './seed.ts';

test('a comment posted by A appears for B without reload; B reacts and A sees the count', async ({
	browser
}) => {
	const a = await openLiveReader(browser);
	const b = await openLiveReader(browser);
	const text = unique('Le vrai objectif, ce sont nos données');
	// A mark that a page load would wipe: both pages must keep it.
	const mark = () => Object.assign(window, { stillTheSamePage: true });
	const marked = () => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage;
	await a.page.evaluate(mark);
	await b.page.evaluate(mark);

	await fillAndPost(a.page, { body: text, name: 'Alice Martin', email: 'alice@example.org' });

	// A sees it at once, the form is emptied for the next one.
	await expect(commentWith(a.page, text)).toBeVisible();
	await expect(a.page.locator('#laisser-un-commentaire').getByLabel('Commentaire *')).toHaveValue(
		''
	);
	// B sees it arrive, without reloading.
	const onB = commentWith(b.page, text);
	await expect(onB).toBeVisible();
	await expect(onB.getByText('Alice Martin')).toBeVisible();
	await expect(onB.locator('.avatar')).toHaveText('AM');

	expect(await a.page.evaluate(marked)).toBe(true);
	expect(await b.page.evaluate(marked)).toBe(true);

	await onB.getByRole('button', { name: /^J’approuve/ }).click();
	await expect(onB.getByRole('button', { name: /^J’approuve/ })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expect(
		commentWith(a.page, text).getByRole('button', { name: 'J’approuve : 1' })
	).toBeVisible();
	await expect(
		commentWith(a.page, text).getByRole('button', { name: 'J’approuve : 1' })
	).toHaveAttribute('aria-pressed', 'false');
	expect(await b.page.evaluate(marked)).toBe(true);

	await a.context.close();
	await b.context.close();
});

test('A replies to B’s comment and B sees the reply nested under it', async ({ browser }) => {
	const a = await openLiveReader(browser);
	const b = await openLiveReader(browser);
	const question = unique('Et si l’objectif était simplement de dominer le marché ?');
	const answer = unique('Dominer, oui, mais pour vendre quoi ensuite ?');

	await fillAndPost(b.page, { body: question, name: 'Bruno', email: 'bruno@example.org' });
	await expect(commentWith(a.page, question)).toBeVisible();
	const parentId = await commentIdOf(a.page, question);

	await commentWith(a.page, question).getByRole('link', { name: 'Répondre' }).click();
	await expect(a.page.getByRole('heading', { name: 'Répondre à Bruno' })).toBeVisible();
	await fillAndPost(a.page, { body: answer, name: 'Alice', email: 'alice@example.org' }, parentId);

	const nested = b.page.locator(`#comment-${parentId} > ol.replies`);
	await expect(nested.getByText(answer)).toBeVisible();
	await expect(a.page.locator(`#comment-${parentId} > ol.replies`).getByText(answer)).toBeVisible();
	// The reply form closed once the reply was acknowledged.
	await expect(a.page.locator(`#repondre-${parentId}`)).toHaveCount(0);

	await a.context.close();
	await b.context.close();
});

test('the e-mail address never reaches another reader’s page', async ({ browser }) => {
	const email = `${unique('secret').replace(' ', '-')}@example.org`;
	const a = await openLiveReader(browser);
	const b = await openLiveReader(browser);
	const text = unique('Mon adresse reste chez moi');

	await fillAndPost(a.page, { body: text, name: 'Alice', email });
	await expect(commentWith(b.page, text)).toBeVisible();
	expect(await b.page.content()).not.toContain(email);

	// Nor the HTML the server sends B when B loads the page afresh.
	const html = await (await b.page.request.get(ARTICLE)).text();
	expect(html).toContain(text);
	expect(html).not.toContain(email);
	await b.page.reload();
	await expect(commentWith(b.page, text)).toBeVisible();
	expect(await b.page.content()).not.toContain(email);

	// A's own browser gets its form prefilled, from the server.
	await a.page.reload();
	await expect(a.page.locator('#laisser-un-commentaire').getByLabel('E-mail *')).toHaveValue(email);

	await a.context.close();
	await b.context.close();
});

test('the sort links reorder the thread in place and keep it live', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const older = await poster.post(unique('Le plus ancien des deux'));
	const newer = await poster.post(unique('Le plus récent des deux'));
	const b = await openLiveReader(browser);

	const order = async () =>
		b.page.locator('#commentaires > ol > li').evaluateAll((items) => items.map((li) => li.id));
	expect((await order()).indexOf(`comment-${older.id}`)).toBeLessThan(
		(await order()).indexOf(`comment-${newer.id}`)
	);

	await b.page.getByRole('link', { name: 'Plus récents' }).click();
	await expect(b.page).toHaveURL(/tri=newest/);
	await expect(b.page.locator('#commentaires > ol > li').first()).toHaveId(`comment-${newer.id}`);

	// Still live after the change of order: a new comment lands on top.
	const newest = await poster.post(unique('Tout nouveau'));
	await expect(b.page.locator('#commentaires > ol > li').first()).toHaveId(`comment-${newest.id}`);
	poster.close();
	await b.context.close();
});

test('the page asks nothing of any other host, with or without JavaScript', async ({
	browser,
	baseURL
}) => {
	const origin = new URL(baseURL!).origin;
	for (const javaScriptEnabled of [true, false]) {
		const context = await browser.newContext({ javaScriptEnabled });
		const page = await context.newPage();
		const elsewhere: string[] = [];
		page.on('request', (request) => {
			const url = request.url();
			if (!url.startsWith(origin) && !url.startsWith('data:')) elsewhere.push(url);
		});
		await page.goto(ARTICLE);
		if (javaScriptEnabled) await expect(page.getByText('En direct', { exact: true })).toBeVisible();
		await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		await page.waitForLoadState('networkidle');
		expect(elsewhere).toEqual([]);
		// Share links are only links: nothing of theirs is loaded.
		await expect(page.getByRole('link', { name: 'Bluesky' })).toHaveAttribute(
			'href',
			/^https:\/\/bsky\.app\/intent\/compose\?text=/
		);
		await context.close();
	}
});

test('"Signaler" opens the reasons under the comment, and the report is sent', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const text = unique('Un avis à signaler sur le vif');
	await poster.post(text);
	poster.close();

	const reader = await openLiveReader(browser, `${ARTICLE}?tri=newest`);
	const comment = commentWith(reader.page, text).locator('xpath=..');
	await comment.getByRole('link', { name: 'Signaler' }).click();
	await expect(reader.page).toHaveURL(/tri=newest$/);
	await comment.getByLabel('Autre raison').check();
	await comment.getByRole('button', { name: 'Envoyer le signalement' }).click();
	await expect(reader.page.getByRole('status')).toHaveText(
		'Merci : votre signalement a été transmis.'
	);
	await reader.context.close();
});
