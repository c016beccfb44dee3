import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ArticleCatalog } from '../articles/article-catalog.ts';
import type { Config } from '../config/config.ts';
import type { Db, DbKind } from '../db/database.ts';
import type { OutboxRow } from '../db/schema.ts';
import type { Logger } from '../log/logger.ts';
import { composeMail } from './compose-mail.ts';
import { scheduleDigests } from './digest-scheduler.ts';
import { purgeExpiredTokens } from '../outbox/mail-preferences.ts';
import { SendError, type MailTransport } from './mail-transport.ts';
import {
	claimDueMail,
	isStillClaimed,
	listRecentSendTimes,
	markCancelled,
	markFailed,
	markSent,
	mergeGroupInto,
	postpone,
	scheduleRetry
} from '../outbox/outbox-repository.ts';

const BATCH = 10;
const HOUR_MS = 3600_000;
const MAX_BACKOFF_MS = 6 * HOUR_MS;
const DIGEST_CHECK_MS = 60_000;

export interface MailWorkerDeps {
	db: Db;
	/** Article titles for the mails. */
	articles: ArticleCatalog;
	dbKind: DbKind;
	config: Config;
	logger: Logger;
	transport: MailTransport;
}

export function retryDelayMs(config: Config, attempts: number): number {
	return Math.min(MAX_BACKOFF_MS, config.MAIL_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends what the outbox holds. A row is claimed with a lease before sending and marked sent as
 * soon as the server accepts it; if this process dies in between, the lease runs out and some
 * worker sends it after restart. Several workers may run at once.
 */
export class MailWorker {
	readonly id = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
	private timer: NodeJS.Timeout | null = null;
	private current: Promise<void> | null = null;
	private stopped = false;
	private again = false;
	private lastDigestCheck = 0;

	constructor(private readonly deps: MailWorkerDeps) {}

	start(): void {
		this.schedule(0);
	}

	/** Something was queued: look now rather than at the next poll. */
	wake(): void {
		if (this.stopped) return;
		if (this.current) this.again = true;
		else this.schedule(0);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		await this.current;
		this.deps.transport.close();
	}

	private schedule(delayMs: number): void {
		if (this.stopped) return;
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => this.tick(), delayMs);
	}

	private tick(): void {
		this.timer = null;
		this.current = this.runOnce()
			.then((count) => {
				const busy = count >= BATCH || this.again;
				this.again = false;
				this.current = null;
				this.schedule(busy ? 0 : this.deps.config.MAIL_POLL_MS);
			})
			.catch((error: unknown) => {
				this.deps.logger.error('mail worker pass failed', { error: String(error) });
				this.current = null;
				this.schedule(this.deps.config.MAIL_POLL_MS);
			});
	}

	/** One pass: claim what is due and send it. Returns how many rows were claimed. */
	async runOnce(now = new Date()): Promise<number> {
		const { db, dbKind, config } = this.deps;
		if (now.getTime() - this.lastDigestCheck >= DIGEST_CHECK_MS) {
			this.lastDigestCheck = now.getTime();
			await Promise.all([scheduleDigests(db, config, now), purgeExpiredTokens(db, now)]).catch(
				(error: unknown) =>
					this.deps.logger.warn('periodic mail upkeep failed', { error: String(error) })
			);
		}
		const rows = await claimDueMail(
			db,
			dbKind,
			this.id,
			now,
			config.MAIL_LEASE_SECONDS * 1000,
			BATCH
		);
		for (const row of rows) {
			if (this.stopped) {
				await postpone(db, row.id, now);
				continue;
			}
			await this.process(row, now);
		}
		return rows.length;
	}

	private async process(row: OutboxRow, now: Date): Promise<void> {
		const { db, config, logger } = this.deps;
		// An earlier row of this batch may have taken it into its own mail.
		if (!(await isStillClaimed(db, row.id, this.id))) return;
		const limit = config.MAIL_PER_RECIPIENT_PER_HOUR;
		const recent = await listRecentSendTimes(
			db,
			row.recipient_key,
			new Date(now.getTime() - HOUR_MS),
			limit
		);
		if (recent.length >= limit) {
			// It waits for a free slot; by then more of its group may have joined it.
			await postpone(db, row.id, new Date(Date.parse(recent[0]) + HOUR_MS));
			logger.info('mail waits: recipient limit reached', { outboxId: row.id, kind: row.kind });
			return;
		}
		await mergeGroupInto(db, row, this.id);
		try {
			const composed = await composeMail({ db, config, articles: this.deps.articles }, row);
			if ('cancel' in composed) {
				await markCancelled(db, row.id, composed.cancel);
				logger.info('mail not sent', { outboxId: row.id, kind: row.kind, reason: composed.cancel });
				return;
			}
			await this.deps.transport.send(composed.mail);
		} catch (error) {
			await this.handleFailure(row, error, now);
			return;
		}
		await markSent(db, row.id, now);
		logger.info('mail sent', { outboxId: row.id, kind: row.kind });
	}

	private async handleFailure(row: OutboxRow, error: unknown, now: Date): Promise<void> {
		const { db, config, logger } = this.deps;
		const summary = error instanceof SendError ? error.message : 'internal error';
		if (!(error instanceof SendError)) {
			logger.error('mail could not be prepared', { outboxId: row.id, error: String(error) });
		}
		const permanent = error instanceof SendError && error.permanent;
		if (permanent || row.attempts >= config.MAIL_MAX_ATTEMPTS) {
			await markFailed(db, row.id, summary);
			logger.warn('mail failed', {
				outboxId: row.id,
				kind: row.kind,
				attempts: row.attempts,
				error: summary
			});
			return;
		}
		const at = new Date(now.getTime() + retryDelayMs(config, row.attempts));
		await scheduleRetry(db, row.id, at, summary);
		logger.info('mail will be retried', {
			outboxId: row.id,
			kind: row.kind,
			attempts: row.attempts,
			error: summary
		});
	}
}
