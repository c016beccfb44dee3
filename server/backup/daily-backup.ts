import type { Logger } from '../log/logger.ts';
import { pruneBackups } from './backup-files.ts';
import { backupSqlite } from './sqlite-backup.ts';

export interface DailyBackupOptions {
	dataDir: string;
	hourUtc: number;
	keepDays: number;
	logger: Logger;
	/** For tests: what makes one backup. */
	makeBackup?: (dataDir: string) => Promise<{ file: string; comments: number }>;
	now?: () => Date;
}

/** Milliseconds from `now` to the next time the UTC clock reads `hourUtc`:00. */
export function msUntilNextBackup(now: Date, hourUtc: number): number {
	const next = new Date(now);
	next.setUTCHours(hourUtc, 0, 0, 0);
	if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
	return next.getTime() - now.getTime();
}

/** One backup a day at the given hour, then the old ones pruned; returns the stop. */
export function startDailyBackup(options: DailyBackupOptions): () => void {
	const now = options.now ?? (() => new Date());
	const makeBackup = options.makeBackup ?? ((dir: string) => backupSqlite(dir, now()));
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;
	const schedule = () => {
		if (stopped) return;
		timer = setTimeout(
			() => void runOnce().finally(schedule),
			msUntilNextBackup(now(), options.hourUtc)
		);
		timer.unref();
	};
	const runOnce = async () => {
		try {
			const made = await makeBackup(options.dataDir);
			const removed = pruneBackups(options.dataDir, options.keepDays, now());
			options.logger.info('daily backup written', {
				file: made.file,
				comments: made.comments,
				pruned: removed.length
			});
		} catch (error) {
			options.logger.error('daily backup failed', { error: String(error) });
		}
	};
	schedule();
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}
