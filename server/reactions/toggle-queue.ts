import type { Db } from '../db/database.ts';
import type { Logger } from '../log/logger.ts';
import {
	applyToggles,
	type CommentUpdate,
	type ToggleRequest,
	type ToggleResult
} from './toggle-batch.ts';

interface Waiting {
	request: ToggleRequest;
	resolve: (result: ToggleResult) => void;
	reject: (error: unknown) => void;
}

/** Most toggles in one transaction; the rest wait for the next. */
export const MAX_TOGGLE_BATCH = 256;

/**
 * Group commit for reaction toggles: the toggles that arrive during one turn of the event loop
 * (or while the previous batch runs) share one transaction, and each is answered only once
 * that transaction has committed. A commit costs far more than a toggle's few rows. If a batch
 * fails, each of its toggles runs again alone, so one bad toggle fails only itself.
 */
export class ToggleQueue {
	private waiting: Waiting[] = [];
	private running = false;
	private scheduled = false;

	constructor(
		private readonly db: Db,
		/** Called after each commit with the comments it changed. */
		private readonly onCommit: (updates: CommentUpdate[]) => void,
		private readonly logger: Logger,
		private readonly maxBatch = MAX_TOGGLE_BATCH
	) {}

	toggle(request: ToggleRequest): Promise<ToggleResult> {
		return new Promise((resolve, reject) => {
			this.waiting.push({ request, resolve, reject });
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

	private async runNext(): Promise<void> {
		this.running = true;
		const batch = this.waiting.splice(0, this.maxBatch);
		try {
			const error = await this.commit(batch);
			if (error === null) return;
			if (batch.length === 1) return batch[0]!.reject(error);
			this.logger.warn('reaction batch rolled back; its toggles run again one by one', {
				toggles: batch.length,
				error: error instanceof Error ? error.message : String(error)
			});
			for (const one of batch) {
				const own = await this.commit([one]);
				if (own !== null) one.reject(own);
			}
		} finally {
			this.running = false;
			this.schedule();
		}
	}

	/** Runs `batch` in one transaction and answers each toggle after the commit; or the error. */
	private async commit(batch: Waiting[]): Promise<unknown> {
		const now = new Date().toISOString();
		const requests = batch.map((w) => w.request);
		let outcome: Awaited<ReturnType<typeof applyToggles>>;
		try {
			outcome = await this.db.transaction().execute((trx) => applyToggles(trx, requests, now));
		} catch (error) {
			return error ?? new Error('toggle batch failed');
		}
		for (const [i, w] of batch.entries()) w.resolve(outcome.results[i]!);
		this.onCommit(outcome.updates);
		return null;
	}
}
