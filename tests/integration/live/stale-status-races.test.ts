import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment } from '../../../server/contract/types.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { selectedDatabases, useTestDatabase } from '../../helpers/for-each-database.ts';
import {
	HELD_ON_FIRST_REPORT,
	SocketRegistry,
	startServerWithSettings
} from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { emitAck, recordEvents } from '../../helpers/socket-client.ts';
import { expectOk, joinWith, postComment } from '../../helpers/thread-actions.ts';
import { sleep } from '../../helpers/wait.ts';
import { TEST_PG_URL } from '../../helpers/pg-schema.ts';

/**
 * A writer's edit or deletion racing a moderation decision (a report that holds the comment,
 * an approval): who is told follows the comment's state when the writer's change commits. On
 * PostgreSQL the interleaving is forced with a row lock held by another connection: the
 * decision queues first on the comment's row, the writer's command second.
 */
describe.runIf(selectedDatabases().includes('postgres'))(
	'edits and deletions racing a decision',
	() => {
		const database = useTestDatabase('postgres');
		let server: FilServer;
		let authorCookie: string;
		const sockets = new SocketRegistry();
		const joined = (cookie: string) => sockets.add(joinWith(server.url, cookie));
		printLogsOnFailure(() => [server]);

		beforeAll(async () => {
			({ server, authorCookie } = await startServerWithSettings(
				database.env(),
				HELD_ON_FIRST_REPORT
			));
		});

		afterAll(async () => {
			sockets.closeAll();
			await server?.stop();
		});

		/** Holds the comment's row locked while `steps` run, then lets them go in queue order. */
		async function withRowLocked(commentId: number, steps: () => Promise<void>): Promise<void> {
			const client = new pg.Client({ connectionString: TEST_PG_URL });
			await client.connect();
			try {
				await client.query(`set search_path to ${database.pg()!.schema}`);
				await client.query('begin');
				await client.query('select 1 from comments where id = $1 for update', [commentId]);
				await steps();
				await client.query('commit');
			} finally {
				await client.end();
			}
		}

		it('an edit racing the report that holds the comment does not show the held text to every reader', async () => {
			const writer = await joined(await readerCookie(server.url));
			const reporter = await joined(await readerCookie(server.url));
			const bystander = await joined(await readerCookie(server.url));
			const seen = recordEvents(bystander);
			const comment = expectOk(await postComment(writer, 'Un avis tout à fait publié')).comment;
			expect(comment.status).toBe('published');

			let report!: Promise<unknown>;
			let edit!: Promise<unknown>;
			await withRowLocked(comment.id, async () => {
				// The report reads "published", then waits for the row in its transaction.
				report = emitAck(reporter, 'comment:report', { commentId: comment.id, reason: 'spam' });
				await sleep(400);
				// The edit reads "published" too, then waits behind the report.
				edit = emitAck(writer, 'comment:edit', {
					commentId: comment.id,
					body: 'Texte réécrit pendant la mise en attente'
				});
				await sleep(400);
			});
			expectOk((await report) as never);
			expectOk((await edit) as never);
			await sleep(500);

			const [row] = await queryRows(server, 'select status, body from comments where id = $1', [
				comment.id
			]);
			// Held by the report, with the new text: only its writer and the author may read it.
			expect(row).toMatchObject({
				status: 'held',
				body: 'Texte réécrit pendant la mise en attente'
			});
			const leaked = seen
				.filter((e) => e.name === 'comment:created' || e.name === 'comment:updated')
				.map((e) => (e.payload as { comment: PublicComment }).comment)
				.filter((c) => c.id === comment.id && c.status === 'held');
			expect(leaked).toEqual([]);
		});

		it('a deletion racing the approval of a held comment reaches the readers who saw it approved', async () => {
			const writer = await joined(await readerCookie(server.url));
			const author = await joined(authorCookie);
			const bystander = await joined(await readerCookie(server.url));
			const seen = recordEvents(bystander);
			const comment = expectOk(await postComment(writer, 'Un avis sur le casino')).comment;
			expect(comment.status).toBe('held');

			let approve!: Promise<unknown>;
			let remove!: Promise<unknown>;
			await withRowLocked(comment.id, async () => {
				approve = emitAck(author, 'moderation:act', { commentId: comment.id, action: 'approve' });
				await sleep(400);
				// The writer's deletion reads "held", then waits behind the approval.
				remove = emitAck(writer, 'comment:delete', { commentId: comment.id });
				await sleep(400);
			});
			expectOk((await approve) as never);
			expectOk((await remove) as never);
			await sleep(500);

			const [row] = await queryRows(server, 'select status from comments where id = $1', [
				comment.id
			]);
			expect(row).toMatchObject({ status: 'deleted' });
			const names = seen
				.filter(
					(e) =>
						(e.payload as { comment?: PublicComment; commentId?: number }).comment?.id ===
							comment.id || (e.payload as { commentId?: number }).commentId === comment.id
				)
				.map((e) => e.name);
			// The bystander was shown the approved comment: it must be told it is gone.
			expect(names).toContain('comment:created');
			expect(names).toContain('comment:deleted');
		});
	}
);
