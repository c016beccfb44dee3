import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/config.ts';
import { openDatabase } from '../../server/db/database.ts';
import { createLogger } from '../../server/log/logger.ts';
import { saveAuthorSettings } from '../../server/outbox/mail-preferences.ts';
import { ArticleCatalog } from '../../server/articles/article-catalog.ts';
import { MailWorker } from '../../server/mail/mail-worker.ts';
import { createMailTransport } from '../../server/mail/mail-transport.ts';
import {
	addIdentity,
	OTHER_SLUG as SLUG,
	prepareDatabase as prepare
} from '../helpers/mail-test-kit.ts';
import { headerValue, startSmtpSink } from '../helpers/smtp-sink.ts';

const T0 = new Date('2030-01-01T12:00:00.000Z');

describe('the daily digest', () => {
	it('queues one digest a day for an author who asked, with the day’s comments', async () => {
		const sink = await startSmtpSink();
		const dataDir = mkdtempSync(join(tmpdir(), 'fil-digest-'));
		const config = loadConfig({ DATA_DIR: dataDir, SMTP_URL: sink.url, MAIL_DIGEST_HOUR_UTC: '7' });
		const handle = openDatabase({ dataDir });
		const logger = createLogger('silent');
		const worker = new MailWorker({
			db: handle.db,
			articles: new ArticleCatalog([]),
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
