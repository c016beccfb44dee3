import { expect, test } from '@playwright/test';

// On a slow connection the author may type before the page's script has run; waking the
// form up must not wipe what was typed (it did: the e-mail field was reset to its value).
test('what the author types before the sign-in page wakes up is kept', async ({ page }) => {
	let release = () => {};
	const gate = new Promise<void>((resolve) => (release = resolve));
	let held = 0;
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		held += 1;
		await gate;
		await route.continue();
	});
	await page.goto('/connexion?suite=/admin', { waitUntil: 'commit' });
	const email = page.getByLabel('Adresse e-mail');
	await email.fill('autrice@example.org');
	await page.getByLabel('Mot de passe').fill('un mot de passe');
	expect(held).toBeGreaterThan(0);
	release();
	await page.waitForLoadState('networkidle');
	// SvelteKit's client records its history entry as it starts, then hydrates the page.
	await page.waitForFunction(() => Boolean(history.state?.['sveltekit:history']));
	await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100))));
	await expect(email).toHaveValue('autrice@example.org');
	await expect(page.getByLabel('Mot de passe')).toHaveValue('un mot de passe');
});
