import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { listAuthorRecipients } from '../outbox/author-recipients.ts';
import { mailOrigin } from '../outbox/mail-origin.ts';
import { insertOutbox } from '../outbox/outbox-repository.ts';

const DAY_MS = 24 * 3600_000;

/** The digest period that ends today at the configured hour (UTC), once that hour has come. */
export function digestPeriod(
	now: Date,
	hourUtc: number
): { day: string; from: string; to: string } | null {
	const end = new Date(
		Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc)
	);
	if (now < end) return null;
	return {
		day: end.toISOString().slice(0, 10),
		from: new Date(end.getTime() - DAY_MS).toISOString(),
		to: end.toISOString()
	};
}

/**
 * Queues today's digest for every author who wants one. The dedupe key makes this safe to run
 * from every worker, as often as they like: one digest per author per day.
 */
export async function scheduleDigests(db: Db, config: Config, now: Date): Promise<number> {
	const period = digestPeriod(now, config.MAIL_DIGEST_HOUR_UTC);
	if (!period) return 0;
	const wanting = await db
		.selectFrom('author_mail_settings')
		.select('author_id')
		.where('digest', '=', 1)
		.execute();
	if (wanting.length === 0) return 0;
	const ids = new Set(wanting.map((w) => w.author_id));
	let queued = 0;
	for (const author of await listAuthorRecipients(db)) {
		if (!ids.has(author.id)) continue;
		await insertOutbox(db, {
			kind: 'author-digest',
			to_address: author.email,
			identity_id: null,
			author_id: author.id,
			article_slug: null,
			payload: JSON.stringify(period),
			group_key: null,
			dedupe_key: `digest:${author.id}:${period.day}`,
			origin: mailOrigin(config),
			next_attempt_at: now.toISOString(),
			created_at: now.toISOString()
		});
		queued++;
	}
	return queued;
}
