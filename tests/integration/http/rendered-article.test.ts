import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';

/** The text a reader sees in an HTML fragment: no comments, scripts, styles or tags. */
function visibleText(html: string): string {
	return html
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
		.replace(/<[^>]+>/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

describe('the article page as a reader receives it', () => {
	let server: FilServer;
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		server = await startFilServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('shows nothing above the article: no template text leaks before its title', async () => {
		const html = await (await fetch(`${server.url}/articles/${SLUG}`)).text();
		const body = html.slice(html.indexOf('<body'));
		const title = body.indexOf('<article');
		expect(title).toBeGreaterThan(0);
		expect(visibleText(body.slice(body.indexOf('>') + 1, title))).toBe('');
	});
});
