import {
	expect,
	type Browser,
	type BrowserContext,
	type Page,
	type WebSocketRoute
} from '@playwright/test';
import { randomUUID } from 'node:crypto';

export const ARTICLE = '/articles/cout-de-l-ia';

/** A text no other test will write. */
export function unique(label: string): string {
	return `${label} ${randomUUID().slice(0, 8)}`;
}

export interface Reader {
	context: BrowserContext;
	page: Page;
}

/** A reader with JavaScript, on the article, once the live link is up. */
export async function openLiveReader(browser: Browser, path = ARTICLE): Promise<Reader> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(path);
	await expect(page.getByText('En direct', { exact: true })).toBeVisible();
	return { context, page };
}

export interface CommentFields {
	body: string;
	name: string;
	email: string;
	website?: string;
}

/** Fills a comment form (the main one, or the reply form under `parentId`) and sends it. */
export async function fillAndPost(page: Page, fields: CommentFields, parentId?: number) {
	const form = page.locator(parentId ? `#repondre-${parentId}` : '#laisser-un-commentaire');
	await form.getByLabel('Commentaire *').fill(fields.body);
	await form.getByLabel('Nom *').fill(fields.name);
	await form.getByLabel('E-mail *').fill(fields.email);
	if (fields.website !== undefined) await form.getByLabel('Site web').fill(fields.website);
	await form.getByRole('button', { name: 'Publier le commentaire' }).click();
}

/** The comment (its own block, not its replies) whose text contains `text`. */
export function commentWith(page: Page, text: string) {
	return page.locator('article.comment').filter({ hasText: text });
}

/** The numeric id of the comment whose text contains `text`. */
export async function commentIdOf(page: Page, text: string): Promise<number> {
	const id = await commentWith(page, text).locator('xpath=..').getAttribute('id');
	return Number(id?.replace('comment-', ''));
}

/**
 * Lets a test cut a browser's live link and bring it back, as a train tunnel would: open
 * WebSockets are closed and new ones (and polling) refused while cut. Chromium's offline mode
 * alone leaves an open WebSocket running.
 */
export async function cuttableLink(context: BrowserContext) {
	let cut = false;
	const open: WebSocketRoute[] = [];
	await context.routeWebSocket(/\/socket\.io\//, (ws) => {
		if (cut) {
			void ws.close({ code: 1011, reason: 'coupé' });
			return;
		}
		ws.connectToServer();
		open.push(ws);
	});
	await context.route(/\/socket\.io\//, (route) => (cut ? route.abort() : route.continue()));
	return {
		async cut() {
			cut = true;
			for (const ws of open.splice(0)) await ws.close({ code: 1006, reason: 'coupé' });
		},
		restore() {
			cut = false;
		}
	};
}
