import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilServer } from '../../helpers/fil-server.ts';
import { AUTHOR, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { postForm } from '../../helpers/site-http.ts';

let server: FilServer;

forEachDatabase('sign-in limits', (database) => {
	printLogsOnFailure(() => [server]);
	beforeAll(async () => {
		// Real sign-in limits; the proxy header lets one test speak from several addresses.
		server = await startServerWithAuthor({
			...database.env(),
			LIMIT_LOGIN_ACCOUNT_PER_15MIN: '3',
			LIMIT_LOGIN_IP_PER_15MIN: '5',
			TRUST_PROXY_HOPS: '1'
		});
	});

	afterAll(async () => {
		await server?.stop();
	});

	describe('sign-in limits', () => {
		it('lock an account after its allowance of attempts, even from new addresses', async () => {
			for (let i = 1; i <= 3; i++) {
				const res = await postForm(
					server.url,
					'/connexion',
					{ email: AUTHOR.email, password: `mauvais mot de passe ${i}` },
					{ ip: `203.0.113.${i}` }
				);
				expect(res.status, `attempt ${i}`).toBe(400);
			}
			// The right password no longer opens it for now.
			const locked = await postForm(server.url, '/connexion', AUTHOR, { ip: '203.0.113.50' });
			expect(locked.status).toBe(429);
			expect(locked.headers.get('set-cookie')).toBeNull();
			expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
			expect(await locked.text()).toContain('réessayez');
		});

		it('limit one address trying many accounts', async () => {
			const ip = '198.51.100.7';
			for (let i = 1; i <= 5; i++) {
				const res = await postForm(
					server.url,
					'/connexion',
					{ email: `inconnu${i}@example.org`, password: 'nimporte quoi' },
					{ ip }
				);
				expect(res.status, `attempt ${i}`).toBe(400);
			}
			const refused = await postForm(
				server.url,
				'/connexion',
				{ email: 'inconnu6@example.org', password: 'nimporte quoi' },
				{ ip }
			);
			expect(refused.status).toBe(429);
			// Another address is not affected.
			const other = await postForm(
				server.url,
				'/connexion',
				{ email: 'inconnu7@example.org', password: 'nimporte quoi' },
				{ ip: '198.51.100.8' }
			);
			expect(other.status).toBe(400);
		});
	});
});
