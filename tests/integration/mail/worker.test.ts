import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.ts';
import { MailWorker } from '../../../server/mail/mail-worker.ts';
import {
	claimDueMail,
	insertOutbox,
	type NewMail
} from '../../../server/outbox/outbox-repository.ts';
import { OTHER_SLUG as SLUG } from '../../helpers/fixtures.ts';
import {
	addIdentity,
	prepareDatabase as prepare,
	startWorkerInProcess
} from '../../helpers/mail-test-kit.ts';
import { headerValue, startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const T0 = new Date('2030-01-01T12:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function mail(overrides: Partial<NewMail>): NewMail {
	return {
		kind: 'verify-email',
		to_address: 'x@example.org',
		identity_id: null,
		author_id: null,
		article_slug: SLUG,
		payload: '{}',
		group_key: null,
		dedupe_key: null,
		origin: 'https://fil.example',
		next_attempt_at: T0.toISOString(),
		created_at: T0.toISOString(),
		...overrides
	};
}

async function claimsAreDisjoint(handle: DatabaseHandle) {
	for (let i = 0; i < 60; i++) await insertOutbox(handle.db, mail({ to_address: `n${i}@x.org` }));
	const claimers = Array.from({ length: 4 }, (_, w) =>
		(async () => {
			const got: number[] = [];
			for (;;) {
				const rows = await claimDueMail(handle.db, handle.kind, `w${w}`, T0, 60_000, 5);
				if (rows.length === 0) return got;
				got.push(...rows.map((r) => r.id));
			}
		})()
	);
	const all = (await Promise.all(claimers)).flat();
	expect(all).toHaveLength(60);
	expect(new Set(all).size).toBe(60);
	// Claimed with a lease: nobody takes them again until it runs out…
	expect(await claimDueMail(handle.db, handle.kind, 'late', minutes(0.5), 60_000, 100)).toEqual([]);
	// …and then a crashed worker's rows come back.
	expect(await claimDueMail(handle.db, handle.kind, 'late', minutes(2), 60_000, 100)).toHaveLength(
		60
	);
}

describe('claiming due mail from several workers at once', () => {
	it('never hands a row to two workers on SQLite', async () => {
		const handle = openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'fil-claim-')) });
		try {
			await prepare(handle);
			await claimsAreDisjoint(handle);
		} finally {
			await handle.close();
		}
	});

	it('never hands a row to two workers on PostgreSQL (FOR UPDATE SKIP LOCKED)', async () => {
		// A database of its own: Kysely's migrator looks for its tables in every schema.
		const name = `fil_mail_claim_${process.pid}_${Date.now()}`;
		const admin = new pg.Client({ connectionString: PG_URL });
		await admin.connect();
		await admin.query(`create database ${name}`);
		const handle = openDatabase({
			dataDir: '',
			databaseUrl: PG_URL.replace(/\/test$/, `/${name}`)
		});
		try {
			await prepare(handle);
			await claimsAreDisjoint(handle);
		} finally {
			await handle.close();
			await admin.query(`drop database ${name} with (force)`);
			await admin.end();
		}
	});
});

describe('the per-recipient limit', () => {
	let sink: SmtpSink;
	let handle: DatabaseHandle;
	let worker: MailWorker;
	let close: () => Promise<void>;

	beforeAll(async () => {
		sink = await startSmtpSink();
		({ handle, worker, close } = await startWorkerInProcess(sink.url, {
			MAIL_PER_RECIPIENT_PER_HOUR: '2'
		}));
	});

	afterAll(async () => {
		await close?.();
		await sink?.close();
	});

	it('holds mails beyond the limit for an hour, then sends them', async () => {
		for (let i = 0; i < 4; i++) {
			await addIdentity(handle, `same${i}`, 'same@example.org', false);
			await insertOutbox(
				handle.db,
				mail({ to_address: 'same@example.org', identity_id: `same${i}` })
			);
		}
		await worker.runOnce(T0);
		expect(sink.mails).toHaveLength(2);
		await worker.runOnce(minutes(30));
		expect(sink.mails).toHaveLength(2);
		await worker.runOnce(minutes(61));
		expect(sink.mails).toHaveLength(4);
	});

	it('merges the replies that waited into one mail', async () => {
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
		// Rita already had two mails this hour.
		for (let i = 0; i < 2; i++) {
			await insertOutbox(handle.db, mail({ to_address: 'rita@example.org', identity_id: 'rita' }));
		}
		await handle.db
			.updateTable('identities')
			.set({ email_verified: 0 })
			.where('id', '=', 'rita')
			.execute();
		await worker.runOnce(minutes(100));
		await handle.db
			.updateTable('identities')
			.set({ email_verified: 1 })
			.where('id', '=', 'rita')
			.execute();
		const before = sink.mails.length;

		for (let i = 0; i < 3; i++) {
			const reply = await handle.db
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
			await insertOutbox(
				handle.db,
				mail({
					kind: 'reply',
					to_address: 'rita@example.org',
					identity_id: 'rita',
					payload: JSON.stringify({ commentId: reply.id }),
					group_key: `reply:rita:${SLUG}`,
					next_attempt_at: minutes(101 + i).toISOString()
				})
			);
			await worker.runOnce(minutes(101 + i));
		}
		expect(sink.mails.length).toBe(before);
		await worker.runOnce(minutes(161));
		const sent = sink.mails.slice(before);
		expect(sent).toHaveLength(1);
		expect(headerValue(sent[0], 'X-Fil-Mail')).toBe('reply');
		for (let i = 0; i < 3; i++) expect(sent[0].text).toContain(`Sam répond ${i}.`);
		expect(sent[0].raw).not.toContain('sam@example.org');
	});
});
