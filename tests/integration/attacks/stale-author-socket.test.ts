import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadSync } from '../../../server/contract/types.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { createAuthorWithCli, saveSiteSettings, signIn, SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, recordEvents, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

/**
 * When an author's session ends other than by a sign-out on this instance (password changed
 * from the CLI after a theft, expiry, a sign-out on another instance without Redis), an author
 * socket left on the article page loses the held comments and the author's rights: at its next
 * command, or at the next periodic check (1 s here) if it sends none.
 */
describe('an author socket on the article page whose session has ended', () => {
	let server: FilServer;
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'fil-stale-'));
		await createAuthorWithCli(dataDir);
		server = await startFilServer({ dataDir, env: { MODERATOR_SESSION_CHECK_SECONDS: '1' } });
		await saveSiteSettings(server.url, await signIn(server.url), { preModeration: 'all' });
	});

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await server?.stop();
	});

	/**
	 * An author socket on the article page, then its session deleted as the CLI's password
	 * change does; what it receives and how it ends are recorded from before the deletion.
	 */
	async function staleAuthorSocket(waitMs: number) {
		const cookie = await signIn(server.url);
		const socket = await connectAs(server.url, cookie);
		sockets.push(socket);
		expectOk(await emitAck<ThreadSync>(socket, 'thread:join', { slug: SLUG, since: null }));
		const seen = recordEvents(socket);
		const disconnects: string[] = [];
		socket.on('disconnect', (reason) => disconnects.push(reason));
		const db = new SQLite(join(server.dataDir, 'fil.sqlite'));
		db.pragma('busy_timeout = 5000');
		db.prepare('delete from sessions where id = ?').run(cookie.split('=')[1].split('.')[0]);
		db.close();
		await new Promise((r) => setTimeout(r, waitMs));
		return { socket, seen, disconnects };
	}

	it('gets no held comment once its session row is gone', async () => {
		// Three rounds of the periodic check: it closes the socket.
		const stale = await staleAuthorSocket(3000);
		expect(stale.disconnects).toEqual(['io server disconnect']);
		const writer = await connectAs(server.url, await readerCookie(server.url));
		sockets.push(writer);
		const text = 'Un commentaire retenu que seule l’autrice doit lire';
		expect(expectOk(await postComment(writer, text)).comment.status).toBe('held');
		await new Promise((r) => setTimeout(r, 500));
		expect(JSON.stringify(stale.seen)).not.toContain(text);
	});

	it('cannot post as the author once its session row is gone, even before the check', async () => {
		const { socket: stale } = await staleAuthorSocket(0);
		expect(stale.connected).toBe(true);
		const closed = new Promise((resolve) => stale.once('disconnect', resolve));
		const ack = await postComment(stale, 'Publié au nom de l’autrice sans session');
		expect(ack.ok ? 'posted' : ack.error.code).toBe('UNAUTHORIZED');
		expect(await closed).toBe('io server disconnect');
	});
});
