import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';

describe('the error page', () => {
	let server: FilServer;
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		server = await startFilServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('answers an unknown address in French, with a title, a heading and a way back', async () => {
		for (const path of ['/nulle-part', '/articles/absent']) {
			const res = await fetch(`${server.url}${path}`);
			expect(res.status).toBe(404);
			const html = await res.text();
			const visible = html.replace(/<script\b[\s\S]*?<\/script>/gi, '');
			expect(visible).not.toContain('Not Found');
			expect(html).toMatch(/<title>Page introuvable — Fil<\/title>/);
			expect(html).toMatch(/<h1[^>]*>Cette page est introuvable<\/h1>/);
			expect(html).toContain('Erreur 404');
			expect(html).toMatch(/<a class="button" href="[./]+">Retour à la liste des articles<\/a>/);
			expect(html).toMatch(/<html lang="fr"/);
		}
	});
});
