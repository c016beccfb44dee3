import { describe, expect, it } from 'vitest';
import { saveAuthorSettings } from '../../../server/outbox/mail-preferences.ts';
import { OTHER_SLUG as SLUG } from '../../helpers/fixtures.ts';
import { addIdentity, startWorkerInProcess } from '../../helpers/mail-test-kit.ts';
import { headerValue, startSmtpSink } from '../../helpers/smtp-sink.ts';

const T0 = new Date('2030-01-01T12:00:00.000Z');

describe('the daily digest', () => {
	it('queues one digest a day for an author who asked, with the day’s comments', async () => {
		const sink = await startSmtpSink();
		const { handle, worker, close } = await startWorkerInProcess(sink.url, {
			MAIL_DIGEST_HOUR_UTC: '7'
		});
		try {
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
			await close();
			await sink.close();
		}
	});
});
