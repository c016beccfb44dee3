import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArticleCatalog } from '../../server/articles/article-catalog.ts';
import { loadConfig, type Config } from '../../server/config/config.ts';
import { openDatabase } from '../../server/db/database.ts';
import { createLogger } from '../../server/log/logger.ts';
import { createMailTransport } from '../../server/mail/mail-transport.ts';
import { MailWorker } from '../../server/mail/mail-worker.ts';
import { upsertArticle } from '../../server/articles/article-repository.ts';
import type { DatabaseHandle } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import type { PublicComment } from '../../server/contract/types.ts';
import { OTHER_SLUG, SLUG } from './fixtures.ts';
import { readerCookie } from './site-http.ts';
import { connectAs, emitAck, type TestSocket } from './socket-client.ts';

/** Env for a server whose worker sends to the sink quickly. */
export function mailEnv(
	smtpUrl: string,
	extra: Record<string, string> = {}
): Record<string, string> {
	return {
		SMTP_URL: smtpUrl,
		MAIL_WORKER: 'true',
		MAIL_POLL_MS: '100',
		MAIL_RETRY_BASE_MS: '100',
		MAIL_REPLY_GROUP_SECONDS: '0',
		...extra
	};
}

/** A browser: its own session cookie and socket, posting under one name and address. */
export interface Commenter {
	cookie: string;
	socket: TestSocket;
	name: string;
	email: string;
	post(body: string, opts?: { parentId?: number | null; notify?: boolean }): Promise<PublicComment>;
	close(): void;
}

let counter = 0;

export async function commenter(url: string, name: string, email: string): Promise<Commenter> {
	const cookie = await readerCookie(url);
	const socket = await connectAs(url, cookie);
	return {
		cookie,
		socket,
		name,
		email,
		async post(body, opts = {}) {
			const ack = await emitAck<{ comment: PublicComment }>(socket, 'comment:post', {
				slug: SLUG,
				body,
				name,
				email,
				website: '',
				notify: opts.notify ?? false,
				parentId: opts.parentId ?? null,
				idempotencyKey: `mail-${process.pid}-${++counter}-${Date.now()}`
			});
			if (!ack.ok) throw new Error(`post refused: ${JSON.stringify(ack.error)}`);
			return ack.data.comment;
		},
		close: () => socket.disconnect()
	};
}

/** Submits a page's form as a browser on the site would (same Origin). */
export async function submitForm(
	target: string,
	fields: Record<string, string>,
	opts: { cookie?: string; origin?: string } = {}
): Promise<Response> {
	const url = new URL(target);
	return fetch(url, {
		method: 'POST',
		body: new URLSearchParams(fields),
		redirect: 'manual',
		headers: {
			origin: opts.origin ?? url.origin,
			accept: 'text/html',
			...(opts.cookie ? { cookie: opts.cookie } : {})
		}
	});
}

/** The hidden `token` field of a confirmation page. */
export function hiddenToken(html: string): string {
	const m = /name="token" value="([^"]+)"/.exec(html);
	if (!m) throw new Error('no token field on the page');
	return m[1];
}

/** A fresh database with one article, for tests that drive the worker in-process. */
export async function prepareDatabase(handle: DatabaseHandle) {
	await migrateToLatest(handle.db, handle.kind);
	await upsertArticle(handle.db, OTHER_SLUG, 'Un article', new Date().toISOString());
}

export async function addIdentity(
	handle: DatabaseHandle,
	id: string,
	email: string,
	verified: boolean
) {
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
			created_at: new Date().toISOString(),
			updated_at: new Date().toISOString()
		})
		.execute();
}

/** A mail worker in this process, on a fresh SQLite database with `OTHER_SLUG`, sending to `smtpUrl`. */
export async function startWorkerInProcess(
	smtpUrl: string,
	env: Record<string, string> = {}
): Promise<{ handle: DatabaseHandle; config: Config; worker: MailWorker; close(): Promise<void> }> {
	const dataDir = mkdtempSync(join(tmpdir(), 'fil-mail-worker-'));
	const config = loadConfig({ DATA_DIR: dataDir, SMTP_URL: smtpUrl, ...env });
	const handle = openDatabase({ dataDir });
	await prepareDatabase(handle);
	const logger = createLogger('silent');
	const worker = new MailWorker({
		db: handle.db,
		articles: new ArticleCatalog([]),
		dbKind: handle.kind,
		config,
		logger,
		transport: createMailTransport(config, logger)
	});
	return {
		handle,
		config,
		worker,
		close: async () => {
			await worker.stop();
			await handle.close();
		}
	};
}
