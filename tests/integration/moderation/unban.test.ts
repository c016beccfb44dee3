import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilServer } from '../../helpers/fil-server.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { signIn, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { getPage, postForm } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, joinAsReader, postComment, postStatus } from '../../helpers/thread-actions.ts';

const IP = '198.18.7.7';
let server: FilServer;
let authorCookie: string;
const open: TestSocket[] = [];

async function reader(): Promise<{ socket: TestSocket; cookie: string }> {
	const joined = await joinAsReader(server.url, IP);
	open.push(joined.socket);
	return joined;
}

forEachDatabase('lifting a ban', (database) => {
	printLogsOnFailure(() => [server]);
	beforeAll(async () => {
		server = await startServerWithAuthor({ ...database.env(), TRUST_PROXY_HOPS: '1' });
		authorCookie = await signIn(server.url);
	});
	afterAll(async () => {
		for (const s of open) s.disconnect();
		await server?.stop();
	});

	describe('the banned list', () => {
		it('shows who is banned; lifting it lets them and their address write again', async () => {
			const author = await connectAs(server.url, authorCookie, '10.0.0.1');
			open.push(author);
			const banned = await reader();
			const comment = expectOk(
				await postComment(banned.socket, 'Un message qui fâche', { name: 'Bruno Banni' })
			).comment;
			expectOk(
				await emitAck(author, 'moderation:ban', {
					commentId: comment.id,
					includeIp: true,
					rejectAll: true
				})
			);
			expect(await postStatus(banned.socket, 'Encore moi')).toBe('BANNED');

			const page = await getPage(server.url, '/admin/bannis', authorCookie);
			expect(page.status).toBe(200);
			const html = await page.text();
			expect(html).toContain('Bruno Banni');
			expect(html).toContain('bannie aussi');
			const [{ identity_id: identityId }] = await queryRows(
				server,
				'select identity_id from comments where id = $1',
				[comment.id]
			);

			const lifted = await postForm(
				server.url,
				'/admin/bannis?/unban',
				{ identityId: String(identityId) },
				{ cookie: authorCookie }
			);
			expect(lifted.status).toBe(303);
			expect(lifted.headers.get('location')).toBe('/admin/bannis?leve=1');
			const after = await (await getPage(server.url, '/admin/bannis', authorCookie)).text();
			expect(after).not.toContain('Bruno Banni');
			expect(after).toContain('Personne n’est banni.');

			// The same browser writes again, and so does another one from the banned address.
			expect(await postStatus(banned.socket, 'Je promets d’être aimable')).toBe('published');
			const sameAddress = await reader();
			expect(await postStatus(sameAddress.socket, 'Même adresse, autre navigateur')).toBe(
				'published'
			);
			// What the ban rejected stays rejected; the journal says who lifted it.
			const [row] = await queryRows(server, 'select status from comments where id = $1', [
				comment.id
			]);
			expect(row.status).toBe('rejected');
			const journal = await (await getPage(server.url, '/admin/journal', authorCookie)).text();
			expect(journal).toContain('a levé le bannissement d’un lecteur');

			// Lifting it again: nothing to lift, said plainly.
			const again = await postForm(
				server.url,
				'/admin/bannis?/unban',
				{ identityId: String(identityId) },
				{ cookie: authorCookie }
			);
			expect(again.status).toBe(404);
			expect(await again.text()).toContain('Ce lecteur n’est pas banni.');
		});

		it('refuses a malformed identity with a clear message and changes nothing', async () => {
			const res = await postForm(
				server.url,
				'/admin/bannis?/unban',
				{ identityId: '../../etc' },
				{ cookie: authorCookie }
			);
			expect(res.status).toBe(400);
			expect(await res.text()).toContain('Lecteur inconnu.');
		});
	});
});
