import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReactionState } from '../../../server/contract/types.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { selectedDatabases, useTestDatabase } from '../../helpers/for-each-database.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import {
	emitAck,
	recordEvents,
	type TestSocket,
	waitForEvent
} from '../../helpers/socket-client.ts';
import { expectOk, joinWith, postComment } from '../../helpers/thread-actions.ts';
import {
	deleteRedisKeys,
	SHARED_REDIS_URL,
	uniqueRedisPrefix
} from '../../helpers/redis-server.ts';

/**
 * A reader's reactions show as theirs in every tab they have open, on whichever instance:
 * `reaction:mine` goes to that identity's sockets, and to nobody else's.
 */
describe.runIf(selectedDatabases().includes('postgres'))('a reader’s own reactions', () => {
	const database = useTestDatabase('postgres');
	const prefix = uniqueRedisPrefix();
	const servers: FilServer[] = [];
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => servers);

	beforeAll(async () => {
		const env = {
			...database.env(),
			REDIS_URL: SHARED_REDIS_URL,
			REDIS_KEY_PREFIX: prefix,
			IP_HASH_SECRET: 'own-reactions-ip-hash-secret-0123456789ab',
			TOKEN_SECRET: 'own-reactions-token-secret-0123456789abcd'
		};
		servers.push(await startFilServer({ env: { ...env, INSTANCE_ID: 'a' } }));
		servers.push(await startFilServer({ env: { ...env, INSTANCE_ID: 'b' } }));
	});

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		for (const s of servers) await s.stop();
		await deleteRedisKeys(SHARED_REDIS_URL, prefix);
	});

	async function tab(server: FilServer, cookie: string): Promise<TestSocket> {
		const socket = await joinWith(server.url, cookie);
		sockets.push(socket);
		return socket;
	}

	it('reach the reader’s tab on the other instance, and no other reader', async () => {
		const [a, b] = servers as [FilServer, FilServer];
		const cookie = await readerCookie(a.url);
		const here = await tab(a, cookie);
		const there = await tab(b, cookie);
		const stranger = recordEvents(await tab(b, await readerCookie(b.url)));
		const comment = expectOk(
			await postComment(here, 'Un avis à aimer d’un onglet à l’autre')
		).comment;

		const seen = waitForEvent(there, 'reaction:mine', (e) => e.commentId === comment.id);
		const toggled = await emitAck<ReactionState>(here, 'reaction:toggle', {
			commentId: comment.id,
			emoji: '❤️'
		});
		expect(expectOk(toggled).mine).toEqual(['❤️']);
		expect(await seen).toEqual({ articleSlug: SLUG, commentId: comment.id, mine: ['❤️'] });

		const undone = waitForEvent(there, 'reaction:mine', (e) => e.mine.length === 0);
		expectOk(await emitAck(here, 'reaction:toggle', { commentId: comment.id, emoji: '❤️' }));
		expect((await undone).commentId).toBe(comment.id);
		expect(stranger.filter((e) => e.name === 'reaction:mine')).toEqual([]);
	});
});
