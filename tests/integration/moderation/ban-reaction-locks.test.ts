import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReactionState } from '../../../server/contract/types.ts';
import { writeArticles } from '../../helpers/content.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { selectedDatabases, useTestDatabase } from '../../helpers/for-each-database.ts';
import { signIn, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';
import { sleep } from '../../helpers/wait.ts';
import { TEST_PG_URL } from '../../helpers/pg-schema.ts';

const A = 'a-un';
const B = 'b-deux';
/**
 * A ban that rejects all of a commenter's comments writes events on several articles, as a
 * batch of reaction toggles does: on PostgreSQL both must take the articles in one order, or
 * each waits for the other (a deadlock, one of them rolled back after a second).
 */
describe.runIf(selectedDatabases().includes('postgres'))('a ban and a reaction batch', () => {
	const database = useTestDatabase('postgres');
	let server: FilServer;
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		server = await startServerWithAuthor({
			...database.env(),
			CONTENT_DIR: writeArticles([
				[A, 'Premier article'],
				[B, 'Second article']
			])
		});
	});

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await server?.stop();
	});

	async function socketOf(cookie: string): Promise<TestSocket> {
		const socket = await connectAs(server.url, cookie);
		sockets.push(socket);
		return socket;
	}

	it('both go through when the ban waits on a comment of the first article', async () => {
		const banned = await socketOf(await readerCookie(server.url));
		const other = await socketOf(await readerCookie(server.url));
		const author = await socketOf(await signIn(server.url));
		// The banned reader's comments: on B first (the lower id), then on A.
		const onB = expectOk(await postComment(banned, 'Sur B', { slug: B })).comment;
		const onA = expectOk(await postComment(banned, 'Sur A', { slug: A })).comment;
		const targets = [
			expectOk(await postComment(other, 'Autre sur A', { slug: A })).comment,
			expectOk(await postComment(other, 'Autre sur B', { slug: B })).comment
		];
		expectOk(await emitAck(other, 'comment:report', { commentId: onA.id, reason: 'spam' }));

		// Another transaction holds the report on the comment on A: the ban stops there.
		const client = new pg.Client({ connectionString: TEST_PG_URL });
		await client.connect();
		try {
			await client.query(`set search_path to ${database.pg()!.schema}`);
			await client.query('begin');
			const held = await client.query('select 1 from reports where comment_id = $1 for update', [
				onA.id
			]);
			expect(held.rowCount).toBe(1);
			const ban = emitAck(author, 'moderation:ban', { commentId: onB.id, rejectAll: true });
			await sleep(300);
			// One batch of toggles on both articles, while the ban waits.
			const toggles = targets.map((c) =>
				emitAck<ReactionState>(other, 'reaction:toggle', { commentId: c.id, emoji: '👍' })
			);
			const early = await Promise.race([Promise.all(toggles), sleep(1500).then(() => null)]);
			await client.query('commit');
			// Taken in the same order of articles, the toggles did not wait for the ban.
			expect(early?.map((t) => t.ok)).toEqual([true, true]);
			expect(expectOk(await ban)).toEqual({ rejected: 2 });
		} finally {
			await client.end();
		}
		expect(server.logs.join('\n')).not.toMatch(/deadlock|rolled back/);
	});
});
