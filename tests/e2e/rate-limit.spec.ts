import { expect, test } from '@playwright/test';
import { startFilServer, type FilServer } from '../helpers/fil-server.ts';
import { ARTICLE, commentWith, fillAndPost, unique } from './thread-helpers.ts';

// Its own server, with the product's real comment limit: one comment per 15 s per identity.
let server: FilServer;

test.beforeAll(async () => {
	server = await startFilServer({
		env: { LIMIT_COMMENT_IDENTITY_SECONDS: '15', LOG_LEVEL: 'warn' }
	});
});

test.afterAll(async () => {
	await server?.stop();
});

const fields = (body: string) => ({ body, name: 'Pressée', email: 'pressee@example.org' });

test('a second comment within 15 s is refused with the wait, live, and the text is kept', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(server.url + ARTICLE);
	await expect(page.getByText('En direct', { exact: true })).toBeVisible();

	const first = unique('Premier avis, posté à temps');
	await fillAndPost(page, fields(first));
	await expect(commentWith(page, first)).toBeVisible();

	const second = unique('Deuxième avis, trop vite');
	await fillAndPost(page, fields(second));
	const form = page.locator('#laisser-un-commentaire');
	await expect(form.getByRole('alert')).toHaveText(/Trop de messages — réessayez dans \d+ s/);
	await expect(form.getByLabel('Commentaire *')).toHaveValue(second);
	await expect(commentWith(page, second)).toHaveCount(0);
	await context.close();
});

test('without JavaScript the refusal is a 429 with Retry-After and the same message', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(server.url + ARTICLE);
	const first = unique('Premier avis sans JavaScript');
	await fillAndPost(page, fields(first));
	await expect(commentWith(page, first)).toBeVisible();

	const second = unique('Deuxième avis sans JavaScript');
	const answer = page.waitForResponse((r) => r.request().method() === 'POST');
	await fillAndPost(page, fields(second));
	const response = await answer;
	expect(response.status()).toBe(429);
	expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
	const form = page.locator('#laisser-un-commentaire');
	await expect(form.getByRole('alert')).toHaveText(/Trop de messages — réessayez dans \d+ s/);
	await expect(form.getByLabel('Commentaire *')).toHaveValue(second);
	await context.close();
});
