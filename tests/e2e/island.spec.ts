import { expect, test } from '@playwright/test';
import { ARTICLE, commentWith, unique } from './thread-helpers.ts';
import { openPoster } from './seed.ts';

test('the thread the server sent comes alive in place: nothing is redrawn, one script is loaded', async ({
	browser,
	baseURL
}) => {
	const poster = await openPoster(baseURL!);
	const text = unique('Déjà là avant le script');
	await poster.post(text);

	const context = await browser.newContext();
	const page = await context.newPage();
	const scripts: string[] = [];
	page.on('request', (r) => {
		if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
	});
	// Hold the script back until the server's markup has been marked.
	let release = () => {};
	const gate = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/island/*.js', async (route) => {
		await gate;
		await route.continue();
	});
	await page.goto(ARTICLE, { waitUntil: 'commit' });
	await page.locator('#fil-island-data').waitFor({ state: 'attached' });
	await page.evaluate(() => {
		for (const el of document.querySelectorAll('#commentaires, .share, article.comment')) {
			(el as HTMLElement).dataset.fromServer = 'yes';
		}
	});
	release();

	await expect(page.getByText('En direct')).toBeVisible();
	// Hydrated, not replaced: the marked nodes are the ones on screen, and they work.
	await expect(page.locator('#commentaires')).toHaveAttribute('data-from-server', 'yes');
	await expect(page.locator('.share')).toHaveAttribute('data-from-server', 'yes');
	const comment = commentWith(page, text);
	await expect(comment).toHaveAttribute('data-from-server', 'yes');
	await comment.getByRole('link', { name: 'Répondre' }).click();
	await expect(page.getByRole('heading', { name: /^Répondre à / })).toBeVisible();
	expect(new URL(page.url()).search).toBe('');

	// SvelteKit's client router is not loaded on this page: one script, the island.
	expect(scripts).toHaveLength(1);
	expect(scripts[0]).toMatch(/^\/_app\/immutable\/island\/boot\.[\w-]+\.js$/);
	await context.close();
});
