import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteFile } from '../db/database.ts';
import { findProcessesUsing } from '../db/data-dir-claim.ts';
import { BackupError } from './backup-error.ts';
import { inspectSqliteBackup } from './sqlite-backup.ts';

export interface RestoreSummary {
	comments: number;
	/** Where the database it replaced was moved, if there was one. */
	setAside: string | null;
}

/**
 * Puts a checked backup in place of a stopped instance's database. The database it replaces
 * (with its WAL) is moved aside, never deleted; migrations newer than the backup run at the
 * next start.
 */
export function restoreSqlite(file: string, dataDir: string, now = new Date()): RestoreSummary {
	const running = findProcessesUsing(dataDir);
	if (running.length > 0) {
		throw new BackupError(
			`Fil tourne encore sur ${dataDir} (processus ${running.join(', ')}) : arrêtez-le avant de restaurer`
		);
	}
	const { comments } = inspectSqliteBackup(file);
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const target = sqliteFile(dataDir);
	const incoming = `${target}.restoring`;
	copyFileSync(file, incoming);

	let setAside: string | null = null;
	const present = ['', '-wal', '-shm'].filter((suffix) => existsSync(target + suffix));
	if (present.length > 0) {
		setAside = join(dataDir, `before-restore-${now.toISOString().replaceAll(':', '-')}`);
		mkdirSync(setAside, { mode: 0o700 });
		for (const suffix of present)
			renameSync(target + suffix, join(setAside, `fil.sqlite${suffix}`));
	}
	renameSync(incoming, target);
	return { comments, setAside };
}
