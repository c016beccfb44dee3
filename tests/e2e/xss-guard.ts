import type { Browser, BrowserContext, Page } from '@playwright/test';
import { cleanText } from '../../server/contract/schemas.ts';

export interface Guarded {
	context: BrowserContext;
	page: Page;
	/** Dialogs opened (alert, confirm, prompt) and the page's `window.__xss` marker. */
	ran(): Promise<string[]>;
}

/**
 * A browser page that would notice any script a payload runs. The site's Content-Security-
 * Policy is bypassed: it would block an injected inline script anyway, and the point here is
 * that nothing gets injected in the first place.
 */
export async function guardedPage(
	browser: Browser,
	options: { javaScriptEnabled?: boolean; cookie?: { url: string; value: string } } = {}
): Promise<Guarded> {
	const context = await browser.newContext({
		bypassCSP: true,
		javaScriptEnabled: options.javaScriptEnabled ?? true
	});
	if (options.cookie) {
		const [name, value] = options.cookie.value.split('=');
		await context.addCookies([{ name, value, url: options.cookie.url }]);
	}
	const page = await context.newPage();
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(`${dialog.type()}: ${dialog.message()}`);
		void dialog.dismiss();
	});
	return {
		context,
		page,
		ran: async () => {
			const marker =
				options.javaScriptEnabled === false
					? 0
					: await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0);
			return marker ? [...dialogs, `window.__xss = ${marker}`] : dialogs;
		}
	};
}

export interface Inspection {
	/** Elements inside comment text or names other than the ones the site makes. */
	strayElements: string[];
	/** Links in comment text and names that are not http(s). */
	badLinks: string[];
	/** Any element of the page with an inline event handler attribute. */
	handlers: string[];
	/** The text of each comment body, as shown, line breaks included. */
	bodies: string[];
	count: number;
}

/** Looks at every comment, in the thread or the dashboard. */
export function inspect(page: Page, scope: 'thread' | 'dashboard'): Promise<Inspection> {
	return page.evaluate((scope) => {
		const items = [
			...document.querySelectorAll(scope === 'thread' ? 'article.comment' : 'li.item')
		];
		// What the site itself puts there; anything else came from a payload.
		const allowed: Record<string, string[]> =
			scope === 'thread'
				? { '.body': ['P', 'A', 'BR'], '.name': ['A'], '.reply-to': ['A'] }
				: { '.body': [], '.who strong': [], '.where': ['A'] };
		const strayElements: string[] = [];
		const badLinks: string[] = [];
		for (const item of items) {
			for (const [selector, tags] of Object.entries(allowed)) {
				for (const part of item.querySelectorAll(selector)) {
					for (const el of part.querySelectorAll('*')) {
						if (!tags.includes(el.tagName))
							strayElements.push(`${selector} ${el.outerHTML.slice(0, 80)}`);
					}
				}
			}
			const links = item.querySelectorAll('.body a, .name a, .who a:not([href^="mailto:"])');
			for (const a of links) {
				const href = a.getAttribute('href') ?? '';
				if (!/^https?:\/\//i.test(href)) badLinks.push(href);
			}
		}
		const handlers = [...document.querySelectorAll('*')].flatMap((el) =>
			[...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)
		);
		// As typed: line breaks and paragraph breaks put back where the page shows them.
		const textOf = (body: Element | null): string => {
			if (!body) return '';
			const paragraphs = [...body.querySelectorAll('p')];
			if (paragraphs.length === 0) return body.textContent ?? '';
			return paragraphs
				.map((p) =>
					[...p.childNodes]
						// Svelte's hydration markers are comments: their data is no text.
						.map((n) => (n.nodeName === 'BR' ? '\n' : n.nodeType === 8 ? '' : n.textContent))
						.join('')
				)
				.join('\n\n');
		};
		const bodies = items.map((i) => textOf(i.querySelector('.body')));
		return { strayElements, badLinks, handlers, bodies, count: items.length };
	}, scope);
}

/** Moves the pointer over, and focuses, every link of comments and names. */
export async function touchLinks(page: Page, selector: string): Promise<number> {
	const links = page.locator(selector);
	const n = await links.count();
	for (let i = 0; i < n; i++) {
		const link = links.nth(i);
		await link.scrollIntoViewIfNeeded();
		await link.hover();
		await link.focus();
	}
	return n;
}

/**
 * Which of `n` posters sends each payload: two payloads that read the same once stored (the
 * server drops control characters; duplicates are compared without case) never go to the same poster, who
 * would be told DUPLICATE.
 */
export function spreadOver(payloads: string[], n: number): number[] {
	const seen = new Map<string, number>();
	return payloads.map((p, i) => {
		const key = cleanText(p).trim().replace(/\s+/g, ' ').toLowerCase();
		const k = seen.get(key) ?? 0;
		seen.set(key, k + 1);
		return (i + k) % n;
	});
}
