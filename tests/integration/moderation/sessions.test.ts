import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FilServer } from '../../helpers/fil-server.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { AUTHOR, saveSiteSettings, signIn, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { openServerDb, type ServerDb } from '../../helpers/server-db.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import {
	connectAs,
	emitAck,
	recordEvents,
	type TestSocket,
	waitForEvent
} from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';
import { eventually } from '../../helpers/wait.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The session id inside a `fil_session=<id>.<secret>` cookie. */
function sessionIdOf(cookie: string): string {
	return cookie.split('=')[1].split('.')[0];
}

function disconnected(socket: TestSocket): Promise<string> {
	return new Promise((done) => socket.once('disconnect', (reason) => done(reason)));
}

// A moderator socket receives commenters' e-mail addresses: it must end with its session,
// even when the session ends in another process (the CLI) or simply expires.
forEachDatabase('moderator sockets and ended sessions', (database) => {
	let server: FilServer;
	let db: ServerDb;
	let authorCookie: string;
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		server = await startServerWithAuthor({
			...database.env(),
			MODERATOR_SESSION_CHECK_SECONDS: '1',
			SESSION_PURGE_SECONDS: '1'
		});
		db = openServerDb(server, database);
		authorCookie = await signIn(server.url);
		await saveSiteSettings(server.url, authorCookie, { preModeration: 'all' });
	});

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await db?.close();
		await server?.stop();
	});

	async function moderator(cookie: string): Promise<TestSocket> {
		const socket = await connectAs(server.url, cookie);
		sockets.push(socket);
		expectOk(await emitAck(socket, 'moderation:join', {}));
		return socket;
	}

	it('closes a moderator socket whose session is gone, which then gets nothing more', async () => {
		const doomedCookie = await signIn(server.url);
		const doomed = await moderator(doomedCookie);
		const doomedSeen = recordEvents(doomed);
		const other = await moderator(authorCookie);
		const closed = disconnected(doomed);
		await db.all('delete from sessions where id = ? returning id', [sessionIdOf(doomedCookie)]);
		expect(await closed).toBe('io server disconnect');

		const writer = await connectAs(server.url, await readerCookie(server.url));
		sockets.push(writer);
		const text = 'Retenu après la fin de la session';
		const queued = waitForEvent(other, 'moderation:queued', (e) => e.item.body === text);
		expect(expectOk(await postComment(writer, text)).comment.status).toBe('held');
		await queued;
		expect(doomedSeen.filter((e) => e.name.startsWith('moderation:'))).toEqual([]);
		expect(JSON.stringify(doomedSeen)).not.toContain('lectrice.privee@example.org');
	});

	it('closes it once its session has expired', async () => {
		const cookie = await signIn(server.url);
		const socket = await moderator(cookie);
		const closed = disconnected(socket);
		await db.all('update sessions set expires_at = ? where id = ? returning id', [
			new Date(Date.now() - 1000).toISOString(),
			sessionIdOf(cookie)
		]);
		expect(await closed).toBe('io server disconnect');
	});

	it('deletes expired sessions and keeps the others', async () => {
		const expired = sessionIdOf(await readerCookie(server.url));
		const live = sessionIdOf(await readerCookie(server.url));
		await db.all('update sessions set expires_at = ? where id = ? returning id', [
			new Date(Date.now() - 60_000).toISOString(),
			expired
		]);
		await eventually(
			'the expired session deleted',
			() => db.all<{ id: string }>('select id from sessions where id in (?, ?)', [expired, live]),
			(rows) => rows.length === 1
		);
		const rows = await db.all<{ id: string }>('select id from sessions where id = ?', [live]);
		expect(rows).toHaveLength(1);
	});

	it('closes the sockets of an author whose password the CLI changed', async () => {
		const socket = await moderator(authorCookie);
		const closed = disconnected(socket);
		const env = server.env;
		await promisify(execFile)(
			process.execPath,
			['--import', 'tsx', 'server/cli/author.ts', 'password', '--email', AUTHOR.email],
			{
				cwd: ROOT,
				env: {
					PATH: process.env.PATH ?? '',
					DATA_DIR: server.dataDir,
					LOG_LEVEL: 'warn',
					FIL_AUTHOR_PASSWORD: 'un tout nouveau mot de passe',
					...(env.DATABASE_URL
						? { DATABASE_URL: env.DATABASE_URL, DATABASE_SCHEMA: env.DATABASE_SCHEMA }
						: {})
				}
			}
		);
		expect(await closed).toBe('io server disconnect');
	});
});
