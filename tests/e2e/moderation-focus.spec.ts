import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createAuthorAccount, restoreDefaults, signIn } from './author-session.ts';
import { openPoster } from './seed.ts';

test.beforeAll(() => createAuthorAccount());

async function holdEverything(author: Page, baseURL: string): Promise<void> {
	const response = await author.request.post('/admin/reglages?/site', {
		headers: { origin: baseURL },
		form: {
			preModeration: 'all',
			bannedWords: '',
			suspectWords: '',
			maxLinks: '2',
			reportThreshold: '3'
		}
	});
	expect(response.ok()).toBe(true);
}

const focusedItem = (page: Page) =>
	page.evaluate(() => document.activeElement?.closest('li.item')?.textContent ?? null);

test('after a decision the focus goes to the next item, then to the heading when the queue empties', async ({
	browser,
	baseURL
}) => {
	const author = await signIn(browser);
	const poster = await openPoster(baseURL ?? '', 'Fanny Focus');
	try {
		await holdEverything(author.page, baseURL ?? '');
		const tag = randomUUID().slice(0, 8);
		// Posted oldest first; the queue shows the newest first: third, second, first.
		for (const n of ['premier', 'deuxième', 'troisième']) await poster.post(`${n} ${tag}`);
		await author.page.goto('/admin?file=pending');
		await expect(author.page.getByText('● en direct')).toBeVisible();
		const items = author.page.locator('li.item');
		await expect(items.first()).toContainText(`troisième ${tag}`);

		// The keyboard: "a" on the first item, the focus lands on the one that took its place.
		await author.page.keyboard.press('j');
		await author.page.keyboard.press('k');
		await author.page.keyboard.press('a');
		await expect(items.filter({ hasText: `troisième ${tag}` })).toHaveCount(0);
		await expect.poll(() => focusedItem(author.page)).toContain(`deuxième ${tag}`);

		// A button: the focused button goes with its item; the focus moves on, not to <body>.
		await items
			.filter({ hasText: `deuxième ${tag}` })
			.getByRole('button', { name: 'Rejeter' })
			.click();
		await expect(items.filter({ hasText: `deuxième ${tag}` })).toHaveCount(0);
		await expect.poll(() => focusedItem(author.page)).toContain(`premier ${tag}`);

		// The keyboard flow goes on from there; the queue emptied, the heading takes the focus.
		while ((await items.count()) > 0) {
			const before = await items.count();
			await author.page.keyboard.press('s');
			await expect(items).toHaveCount(before - 1);
			if (before > 1) await expect.poll(() => focusedItem(author.page)).not.toBeNull();
		}
		await expect
			.poll(() => author.page.evaluate(() => document.activeElement?.id))
			.toBe('queue-title');
	} finally {
		poster.close();
		await restoreDefaults(author.page, baseURL ?? '');
		await author.context.close();
	}
});
