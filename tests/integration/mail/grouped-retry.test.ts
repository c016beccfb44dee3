import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle } from '../../../server/db/database.ts';
import { MailWorker } from '../../../server/mail/mail-worker.ts';
import { insertOutbox } from '../../../server/outbox/outbox-repository.ts';
import { OTHER_SLUG as SLUG } from '../../helpers/fixtures.ts';
import { addIdentity, startWorkerInProcess } from '../../helpers/mail-test-kit.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';

const T0 = new Date('2030-01-01T12:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** Grouping of reply mails across a retry. */
describe('a reply mail that failed once, then a new reply of its group', () => {
	let sink: SmtpSink;
	let handle: DatabaseHandle;
	let worker: MailWorker;
	let close: () => Promise<void>;

	beforeAll(async () => {
		// The first message offered is refused for now (451), the rest accepted.
		sink = await startSmtpSink((n) => (n === 1 ? { code: 451, message: 'Plus tard' } : 'accept'));
		({ handle, worker, close } = await startWorkerInProcess(sink.url, {
			MAIL_RETRY_BASE_MS: String(30 * 60_000)
		}));
	});

	afterAll(async () => {
		await close?.();
		await sink?.close();
	});

	it('tells every reply: none is lost when a newer row of the group takes the retried one in', async () => {
		await addIdentity(handle, 'rita', 'rita@example.org', true);
		await addIdentity(handle, 'sam', 'sam@example.org', true);
		const base = {
			article_slug: SLUG,
			is_author: 0,
			pinned: 0,
			ip_hash: null,
			reaction_count: 0,
			created_at: T0.toISOString(),
			edited_at: null,
			edited_by_author: 0,
			author_website: null,
			status: 'published' as const
		};
		const parent = await handle.db
			.insertInto('comments')
			.values({
				...base,
				root_id: null,
				parent_id: null,
				reply_to_id: null,
				depth: 1,
				identity_id: 'rita',
				author_name: 'Rita',
				body: 'Rita demande.',
				notify: 1,
				idempotency_key: 'rita-1'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const reply = async (i: number, dueAt: Date) => {
			const row = await handle.db
				.insertInto('comments')
				.values({
					...base,
					root_id: parent.id,
					parent_id: parent.id,
					reply_to_id: null,
					depth: 2,
					identity_id: 'sam',
					author_name: 'Sam',
					body: `Sam répond ${i}.`,
					notify: 0,
					idempotency_key: `sam-${i}`
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await insertOutbox(handle.db, {
				kind: 'reply',
				to_address: 'rita@example.org',
				identity_id: 'rita',
				author_id: null,
				article_slug: SLUG,
				payload: JSON.stringify({ commentId: row.id }),
				group_key: `reply:rita:${SLUG}`,
				dedupe_key: `reply:rita:${row.id}`,
				origin: 'https://fil.example',
				next_attempt_at: dueAt.toISOString(),
				created_at: dueAt.toISOString()
			});
		};

		// Two replies, one mail; the SMTP server says "later": retried in 30 minutes.
		await reply(1, T0);
		await reply(2, T0);
		await worker.runOnce(T0);
		expect(sink.offered()).toBe(1);
		expect(sink.mails).toHaveLength(0);

		// A third reply comes due before that retry.
		await reply(3, minutes(10));
		await worker.runOnce(minutes(10));
		await worker.runOnce(minutes(45));
		await worker.runOnce(minutes(180));

		const told = sink.mails.map((m) => m.text).join('\n');
		for (const i of [1, 2, 3]) expect(told).toContain(`Sam répond ${i}.`);
		const rows = await handle.db
			.selectFrom('outbox')
			.select(['id', 'status', 'merged_into'])
			.execute();
		expect(rows.filter((r) => r.status === 'pending' || r.status === 'sending')).toEqual([]);
	});
});
