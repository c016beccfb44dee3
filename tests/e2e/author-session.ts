import { execFileSync } from 'node:child_process';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const ARTICLE = '/articles/cout-de-l-ia';
export const AUTHOR = {
	email: 'autrice.e2e@example.org',
	name: 'Anne Autrice',
	password: 'mot de passe de test e2e'
};

/** The author account, made with the CLI in the data directory the test server uses. */
export function createAuthorAccount(): void {
	try {
		execFileSync(
			process.execPath,
			[
				'--import',
				'tsx',
				'server/cli/author.ts',
				'create',
				'--email',
				AUTHOR.email,
				'--name',
				AUTHOR.name
			],
			{
				env: {
					...process.env,
					DATA_DIR: process.env.E2E_DATA_DIR,
					FIL_AUTHOR_PASSWORD: AUTHOR.password,
					LOG_LEVEL: 'warn'
				},
				stdio: 'pipe'
			}
		);
	} catch (error) {
		// A retried run finds the account already there.
		const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
		if (!stderr.includes('existe déjà')) throw error;
	}
}

export async function signIn(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/admin');
	await expect(page).toHaveURL(/\/connexion/);
	await page.getByLabel('Adresse e-mail').fill(AUTHOR.email);
	await page.getByLabel('Mot de passe').fill(AUTHOR.password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/\/admin$/);
	return { context, page };
}

export async function openReader(
	browser: Browser
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(ARTICLE);
	await expect(page.getByText('En direct', { exact: true })).toBeVisible();
	return { context, page };
}

/** Puts the site back as other specs expect it: no pre-moderation, thread open. */
export async function restoreDefaults(author: Page, baseURL: string): Promise<void> {
	const headers = { origin: baseURL };
	await author.request.post('/admin/reglages?/site', {
		headers,
		form: {
			preModeration: 'none',
			bannedWords: '',
			suspectWords: '',
			maxLinks: '2',
			reportThreshold: '3'
		}
	});
	await author.request.post('/admin?/thread', {
		headers,
		form: { slug: 'cout-de-l-ia', closed: '0' }
	});
}
