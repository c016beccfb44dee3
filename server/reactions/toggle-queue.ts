import type { Db, DbKind } from '../db/database.ts';
import { FilError } from '../errors/fil-error.ts';
import type { Logger } from '../log/logger.ts';
import type { ReactionToggles, ToggleRequest, ToggleResult } from '../context/app-context.ts';
import { applyToggles, type CommentUpdate } from './toggle-batch.ts';

interface Waiting {
	request: ToggleRequest;
	since: number;
	resolve: (result: ToggleResult) => void;
	reject: (error: unknown) => void;
}

export interface ToggleQueueOptions {
	/** Most toggles in one transaction; the rest wait for the next. */
	maxBatch?: number;
	/** A toggle still waiting after this long is answered UNAVAILABLE, not run. */
	maxWaitMs?: number;
}

/**
 * Group commit for reaction toggles: the toggles that arrive during one turn of the event loop
 * (or while the previous batch runs) share one transaction, and each is answered only once
 * that transaction has committed. A commit costs far more than a toggle's few rows.
 * If a batch fails, its toggles run again alone, so one bad toggle fails only itself; two
 * failing alone in a row mean the database itself fails (no connection, say), and the rest are
 * answered UNAVAILABLE at once instead of each waiting for its own failure.
 */
export class ToggleQueue implements ReactionToggles {
	private waiting: Waiting[] = [];
	private running = false;
	private scheduled = false;
	private readonly maxBatch: number;
	private readonly maxWaitMs: number;

	constructor(
		private readonly db: Db,
		private readonly dbKind: DbKind,
		/** Called after each commit with the comments it changed. */
		private readonly onCommit: (updates: CommentUpdate[]) => void,
		private readonly logger: Logger,
		options: ToggleQueueOptions = {}
	) {
		this.maxBatch = options.maxBatch ?? 256;
		this.maxWaitMs = options.maxWaitMs ?? 10_000;
	}

	toggle(request: ToggleRequest): Promise<ToggleResult> {
		return new Promise((resolve, reject) => {
			this.waiting.push({ request, since: Date.now(), resolve, reject });
			this.schedule();
		});
	}

	private schedule(): void {
		if (this.running || this.scheduled || this.waiting.length === 0) return;
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			void this.runNext();
		});
	}

	/** Answers UNAVAILABLE to the toggles that waited too long; the others, to run. */
	private dropExpired(batch: Waiting[]): Waiting[] {
		const oldest = Date.now() - this.maxWaitMs;
		const live = batch.filter((w) => w.since >= oldest);
		for (const w of batch) if (w.since < oldest) w.reject(new FilError('UNAVAILABLE'));
		return live;
	}

	private async runNext(): Promise<void> {
		this.running = true;
		const batch = this.dropExpired(this.waiting.splice(0, this.maxBatch));
		try {
			if (batch.length === 0) return;
			const error = await this.commit(batch);
			if (error === null) return;
			if (batch.length === 1) return batch[0]!.reject(error);
			this.logger.warn('reaction batch rolled back; its toggles run again one by one', {
				toggles: batch.length,
				error: error instanceof Error ? error.message : String(error)
			});
			await this.runAlone(batch);
		} finally {
			this.running = false;
			this.schedule();
		}
	}

	private async runAlone(batch: Waiting[]): Promise<void> {
		let failedInARow = 0;
		for (const [i, one] of batch.entries()) {
			const [live] = this.dropExpired([one]);
			if (!live) continue;
			const own = await this.commit([live]);
			if (own === null) {
				failedInARow = 0;
				continue;
			}
			live.reject(own);
			if (++failedInARow < 2) continue;
			const rest = batch.slice(i + 1);
			this.logger.warn('reaction toggles failing alone too; the rest answered UNAVAILABLE', {
				toggles: rest.length
			});
			for (const w of rest) w.reject(new FilError('UNAVAILABLE'));
			return;
		}
	}

	/** Runs `batch` in one transaction and answers each toggle after the commit; or the error. */
	private async commit(batch: Waiting[]): Promise<unknown> {
		const now = new Date().toISOString();
		const requests = batch.map((w) => w.request);
		let outcome: Awaited<ReturnType<typeof applyToggles>>;
		try {
			outcome = await this.db
				.transaction()
				.execute((trx) => applyToggles(trx, this.dbKind, requests, now));
		} catch (error) {
			return error ?? new Error('toggle batch failed');
		}
		for (const [i, w] of batch.entries()) {
			const result = outcome.results[i]!;
			if (result instanceof FilError) w.reject(result);
			else w.resolve(result);
		}
		this.onCommit(outcome.updates);
		return null;
	}
}
