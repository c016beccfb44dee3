import axe from 'axe-core';
import { expect, type Page } from '@playwright/test';

declare global {
	interface Window {
		axe: typeof axe;
	}
}

const THEMES = ['light', 'dark'] as const;
const WIDTHS = [1280, 375] as const;

/** The first visible text of <body>, if it lies outside the page's own header or main. */
function textOutsideThePage(): string | null {
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
		acceptNode: (node) =>
			node.textContent?.trim() && node.parentElement?.checkVisibility()
				? NodeFilter.FILTER_ACCEPT
				: NodeFilter.FILTER_SKIP
	});
	const first = walker.nextNode();
	if (!first) return null;
	return first.parentElement?.closest('main, header, .admin') ? null : first.textContent;
}

/**
 * The page as it stands, in both themes and at both widths: no serious or critical axe
 * violation, no sideways scrolling on a phone, no stray text before the page's own content.
 */
export async function checkEveryWay(page: Page, state: string): Promise<void> {
	const problems: string[] = [];
	// Injected once per page, run directly: about ten times faster than @axe-core/playwright's
	// AxeBuilder, which re-injects and walks frames on every run.
	await page.evaluate(axe.source);
	const stray = await page.evaluate(textOutsideThePage);
	if (stray) problems.push(`${state}: text outside the page: "${stray.trim().slice(0, 80)}"`);
	for (const colorScheme of THEMES) {
		for (const width of WIDTHS) {
			const where = `${state} [${colorScheme}, ${width}px]`;
			await page.setViewportSize({ width, height: 900 });
			await page.emulateMedia({ colorScheme });
			await page.evaluate(() => new Promise(requestAnimationFrame));
			const violations = await page.evaluate(() =>
				window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)
			);
			for (const v of violations) {
				if (v.impact !== 'serious' && v.impact !== 'critical') continue;
				const nodes = v.nodes
					.slice(0, 5)
					.map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`);
				problems.push(`${where}: ${v.id} (${v.impact}) ${v.help}\n${nodes.join('\n')}`);
			}
			if (width === 375) {
				const overflow = await page.evaluate(() => ({
					scroll: document.documentElement.scrollWidth,
					inner: window.innerWidth
				}));
				if (overflow.scroll > overflow.inner) {
					problems.push(`${where}: ${overflow.scroll}px wide on a ${overflow.inner}px screen`);
				}
			}
		}
	}
	await page.emulateMedia({ colorScheme: null });
	expect(problems, problems.join('\n')).toEqual([]);
}
