import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertArticle } from '../../server/articles/article-repository.ts';
import { loadConfig, type Config } from '../../server/config/config.ts';
import { openDatabase, type DatabaseHandle } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { createLogger } from '../../server/log/logger.ts';
import { saveAuthorSettings } from '../../server/mail/mail-preferences.ts';
import { MailWorker } from '../../server/mail/mail-worker.ts';
import { createMailTransport } from '../../server/mail/mail-transport.ts';
import { claimDueMail, insertOutbox, type NewMail } from '../../server/mail/outbox-repository.ts';
import { headerValue, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const SLUG = 'un-article';
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

async function prepare(handle: DatabaseHandle) {
	await migrateToLatest(handle.db, handle.kind);
	await upsertArticle(handle.db, SLUG, 'Un article', T0.toISOString());
}

async function addIdentity(handle: DatabaseHandle, id: string, email: string, verified: boolean) {
	await handle.db
		.insertInto('identities')
		.values({
			id,
			kind: 'reader',
			name: id,
			email,
			website: null,
			email_verified: verified ? 1 : 0,
			banned: 0,
			created_at: T0.toISOString(),
			updated_at: T0.toISOString()
		})
		.execute();
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
		const schema = `mail_claim_${process.pid}_${Date.now()}`;
		const admin = new pg.Client({ connectionString: PG_URL });
		await admin.connect();
		await admin.query(`create schema ${schema}`);
		const handle = openDatabase({ dataDir: '', databaseUrl: PG_URL, pgSchema: schema });
		try {
			await prepare(handle);
			await claimsAreDisjoint(handle);
		} finally {
			await handle.close();
			await admin.query(`drop schema ${schema} cascade`);
			await admin.end();
		}
	});
});

describe('the per-recipient limit', () => {
	let sink: SmtpSink;
	let handle: DatabaseHandle;
	let config: Config;
	let worker: MailWorker;

	beforeAll(async () => {
		sink = await startSmtpSink();
		const dataDir = mkdtempSync(join(tmpdir(), 'fil-limit-'));
		config = loadConfig({
			DATA_DIR: dataDir,
			SMTP_URL: sink.url,
			MAIL_PER_RECIPIENT_PER_HOUR: '2'
		});
		handle = openDatabase({ dataDir });
		await prepare(handle);
		const logger = createLogger('silent');
		worker = new MailWorker({
			db: handle.db,
			dbKind: handle.kind,
			config,
			logger,
			transport: createMailTransport(config, logger)
		});
	});

	afterAll(async () => {
		await worker?.stop();
		await handle?.close();
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

describe('the daily digest', () => {
	it('queues one digest a day for an author who asked, with the day’s comments', async () => {
		const sink = await startSmtpSink();
		const dataDir = mkdtempSync(join(tmpdir(), 'fil-digest-'));
		const config = loadConfig({ DATA_DIR: dataDir, SMTP_URL: sink.url, MAIL_DIGEST_HOUR_UTC: '7' });
		const handle = openDatabase({ dataDir });
		const logger = createLogger('silent');
		const worker = new MailWorker({
			db: handle.db,
			dbKind: handle.kind,
			config,
			logger,
			transport: createMailTransport(config, logger)
		});
		try {
			await prepare(handle);
			await addIdentity(handle, 'author-identity', 'autrice@example.org', true);
			await handle.db
				.insertInto('authors')
				.values({
					id: 'anne',
					identity_id: 'author-identity',
					email: 'autrice@example.org',
					display_name: 'Anne',
					password_hash: 'x',
					created_at: T0.toISOString(),
					updated_at: T0.toISOString()
				})
				.execute();
			await saveAuthorSettings(handle.db, 'anne', { notify: 'none', digest: true }, T0);
			await addIdentity(handle, 'zoe', 'zoe@example.org', false);
			await handle.db
				.insertInto('comments')
				.values({
					article_slug: SLUG,
					root_id: null,
					parent_id: null,
					reply_to_id: null,
					depth: 1,
					identity_id: 'zoe',
					author_name: 'Zoé',
					author_website: null,
					is_author: 0,
					body: 'Zoé a lu l’article hier soir.',
					status: 'held',
					held_reason: null,
					pinned: 0,
					notify: 0,
					idempotency_key: 'zoe-1',
					ip_hash: null,
					reaction_count: 0,
					created_at: '2030-01-01T20:00:00.000Z',
					edited_at: null,
					edited_by_author: 0
				})
				.execute();

			await worker.runOnce(new Date('2030-01-02T06:30:00Z'));
			expect(sink.mails).toHaveLength(0);
			await worker.runOnce(new Date('2030-01-02T07:05:00Z'));
			await worker.runOnce(new Date('2030-01-02T09:05:00Z'));
			expect(sink.mails).toHaveLength(1);
			const [digest] = sink.mails;
			expect(digest.envelopeTo).toEqual(['autrice@example.org']);
			expect(digest.subject).toBe('Fil : 1 commentaire depuis le dernier résumé.');
			expect(digest.text).toContain('Zoé a lu l’article hier soir.');
			expect(headerValue(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
		} finally {
			await worker.stop();
			await handle.close();
			await sink.close();
		}
	});
});
