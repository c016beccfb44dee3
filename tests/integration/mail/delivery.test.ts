import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublicComment } from '../../../server/contract/types.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { selectedDatabases, type DatabaseKind } from '../../helpers/for-each-database.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { commenter, mailEnv } from '../../helpers/mail-test-kit.ts';
import { openServerDb } from '../../helpers/server-db.ts';
import { emitAck } from '../../helpers/socket-client.ts';
import { eventually } from '../../helpers/wait.ts';
import { createPgSchema } from '../../helpers/pg-schema.ts';
import {
	headerValue,
	startSmtpSink,
	type SinkAnswer,
	type SmtpSink
} from '../../helpers/smtp-sink.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
	while (cleanups.length) await cleanups.pop()!();
});

let kind: DatabaseKind = 'sqlite';

/** A sink and a server on a database of its own (a fresh PostgreSQL schema, or SQLite file). */
async function setup(answer: (n: number) => SinkAnswer, env: Record<string, string> = {}) {
	const sink = await startSmtpSink(answer);
	cleanups.push(() => sink.close());
	const schema = kind === 'postgres' ? await createPgSchema() : null;
	if (schema) cleanups.push(() => schema.drop());
	const server = await startFilServer({
		env: { ...(schema?.env ?? {}), ...mailEnv(sink.url, env) }
	});
	cleanups.push(() => server.stop());
	const db = openServerDb(server, { kind, env: () => ({}), pg: () => schema });
	cleanups.push(() => db.close());
	return { sink, server, db };
}

async function askForReplies(server: FilServer, name: string, email: string) {
	const c = await commenter(server.url, name, email);
	cleanups.push(() => c.close());
	return c.post(`${name} veut être prévenu·e.`, { notify: true });
}

const mailsWithId = (sink: SmtpSink, outboxId: number) =>
	sink.mails.filter((m) => headerValue(m, 'Message-ID')?.startsWith(`<fil-outbox-${outboxId}@`));

describe.each(selectedDatabases())('mail delivery [%s]', (database) => {
	beforeAll(() => {
		kind = database;
	});

	describe('retries and failure', () => {
		it('retries while the SMTP server answers 451, then delivers once', async () => {
			const { sink, server, db } = await setup((n) =>
				n <= 2 ? { code: 451, message: 'Réessayez plus tard' } : 'accept'
			);
			await askForReplies(server, 'Retry', 'retry@example.org');
			const mail = await sink.waitForMail((m) => m.envelopeTo.includes('retry@example.org'));
			expect(mail.subject).toContain('Confirmez');
			const [row] = await eventually(
				'row sent',
				() => db.outbox(),
				(r) => r[0]?.status === 'sent'
			);
			expect(sink.offered()).toBe(3);
			expect(row.attempts).toBe(3);
			expect(mailsWithId(sink, row.id)).toHaveLength(1);
		});

		it('marks the mail failed after MAIL_MAX_ATTEMPTS refusals and stops trying', async () => {
			const { sink, server, db } = await setup(() => ({ code: 451, message: 'Toujours pas' }), {
				MAIL_MAX_ATTEMPTS: '3'
			});
			await askForReplies(server, 'Echec', 'echec@example.org');
			const [row] = await eventually(
				'row failed',
				() => db.outbox(),
				(r) => r[0]?.status === 'failed'
			);
			expect(row.attempts).toBe(3);
			expect(sink.offered()).toBe(3);
			expect(sink.mails).toHaveLength(0);
			expect(server.logs.join('\n')).not.toContain('echec@example.org');
		});

		it('gives up at once on a permanent refusal (550)', async () => {
			const { sink, server, db } = await setup(() => ({ code: 550, message: 'Inconnu' }));
			await askForReplies(server, 'Inconnu', 'inconnu@example.org');
			const [row] = await eventually(
				'row failed',
				() => db.outbox(),
				(r) => r[0]?.status === 'failed'
			);
			expect(row.attempts).toBe(1);
			expect(sink.offered()).toBe(1);
		});
	});

	describe('a crash between commit and send', () => {
		it('sends exactly once after a restart when the process died during the SMTP exchange', async () => {
			const { sink, server, db } = await setup((n) => (n === 1 ? 'hang' : 'accept'), {
				MAIL_LEASE_SECONDS: '3'
			});
			await askForReplies(server, 'Crash', 'crash@example.org');
			await sink.waitForOffers(1);
			await server.kill();
			expect((await db.outbox())[0].status).toBe('sending');

			const again = await startFilServer({
				dataDir: server.dataDir,
				port: server.port,
				env: server.env
			});
			cleanups.push(() => again.stop());
			const [row] = await eventually(
				'row sent',
				() => db.outbox(),
				(r) => r[0]?.status === 'sent'
			);
			expect(mailsWithId(sink, row.id)).toHaveLength(1);
			expect(sink.mails.filter((m) => m.envelopeTo.includes('crash@example.org'))).toHaveLength(1);
		});

		it('sends exactly once after a restart when the worker had not run yet', async () => {
			const { sink, server, db } = await setup(() => 'accept', { MAIL_WORKER: 'false' });
			await askForReplies(server, 'Pause', 'pause@example.org');
			expect((await db.outbox()).map((r) => r.status)).toEqual(['pending']);
			await server.kill();

			const again = await startFilServer({
				dataDir: server.dataDir,
				port: server.port,
				env: { ...server.env, MAIL_WORKER: 'true' }
			});
			cleanups.push(() => again.stop());
			const [row] = await eventually(
				'row sent',
				() => db.outbox(),
				(r) => r[0]?.status === 'sent'
			);
			expect(mailsWithId(sink, row.id)).toHaveLength(1);
			expect(sink.offered()).toBe(1);
		});
	});

	describe('a post that does not commit', () => {
		it('queues nothing when refused by validation or when its transaction rolls back', async () => {
			const { sink, server, db } = await setup(() => 'accept');
			const victim = await commenter(server.url, 'Annulé', 'annule@example.org');
			cleanups.push(() => victim.close());

			const invalid = await emitAck<{ comment: PublicComment }>(victim.socket, 'comment:post', {
				slug: SLUG,
				body: '   ',
				name: 'Annulé',
				email: 'annule@example.org',
				notify: true,
				idempotencyKey: 'rollback-invalid-1'
			});
			expect(invalid.ok).toBe(false);

			// The event insert is the last write of the post's transaction: make it fail.
			const undo = await db.failPostsWithBody('ÉCHEC');
			await expect(victim.post('ÉCHEC', { notify: true })).rejects.toThrow(/INTERNAL/);
			await undo();
			expect(await db.all("select id from comments where body = 'ÉCHEC'")).toEqual([]);
			expect(await db.outbox()).toHaveLength(0);

			// A post that commits afterwards is mailed; the rolled-back one never is.
			await askForReplies(server, 'Témoin', 'temoin@example.org');
			await sink.waitForMail((m) => m.envelopeTo.includes('temoin@example.org'));
			expect((await db.outbox()).map((r) => r.to_address)).toEqual(['temoin@example.org']);
			expect(sink.mails.filter((m) => m.envelopeTo.includes('annule@example.org'))).toHaveLength(0);
		});
	});

	describe('npm run worker', () => {
		it('sends what web instances without a worker queued, and stops cleanly on SIGTERM', async () => {
			const { sink, server, db } = await setup(() => 'accept', { MAIL_WORKER: 'false' });
			await askForReplies(server, 'Seul', 'seul@example.org');
			expect((await db.outbox()).map((r) => r.status)).toEqual(['pending']);

			const worker = spawn(process.execPath, ['--import', 'tsx', 'server/cli/worker.ts'], {
				cwd: resolve(import.meta.dirname, '../../..'),
				env: { ...server.env, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
				stdio: 'ignore'
			});
			const exited = new Promise<number | null>((done) =>
				worker.once('exit', (code) => done(code))
			);
			cleanups.push(() => {
				if (worker.exitCode === null) worker.kill('SIGKILL');
			});
			const mail = await sink.waitForMail((m) => m.envelopeTo.includes('seul@example.org'));
			expect(mail.subject).toContain('Confirmez');
			await eventually(
				'row sent',
				() => db.outbox(),
				(r) => r[0]?.status === 'sent'
			);
			worker.kill('SIGTERM');
			expect(await exited).toBe(0);
		});
	});
});

describe('without SMTP_URL', () => {
	it('writes each mail as an .eml file under DATA_DIR/outbox and logs its kind, not its address', async () => {
		const server = await startFilServer({
			env: { MAIL_WORKER: 'true', MAIL_POLL_MS: '100' }
		});
		cleanups.push(() => server.stop());
		const db = openServerDb(server, { kind: 'sqlite', env: () => ({}), pg: () => null });
		cleanups.push(() => db.close());
		await askForReplies(server, 'Fichier', 'fichier@example.org');
		const [row] = await eventually(
			'row sent',
			() => db.outbox(),
			(r) => r[0]?.status === 'sent'
		);
		const file = join(server.dataDir, 'outbox', `${row.id}-verify-email.eml`);
		const eml = readFileSync(file, 'utf8');
		expect(eml).toMatch(/^To: fichier@example\.org\r?$/m);
		expect((await simpleParser(eml)).subject).toBe(
			'Confirmez votre adresse pour suivre les réponses'
		);
		const line = server.logs.find((l) => l.includes('mail written to'));
		expect(line).toContain('"kind":"verify-email"');
		expect(server.logs.join('\n')).not.toContain('fichier@example.org');
	});
});
