import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Backups live in DATA_DIR/backups, one file each, named by the UTC time they began. */
export const BACKUP_FOLDER = 'backups';
const NAME = /^fil-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.(sqlite|pgdump)$/;

export function backupFolder(dataDir: string): string {
	const folder = join(dataDir, BACKUP_FOLDER);
	mkdirSync(folder, { recursive: true, mode: 0o700 });
	return folder;
}

export function nameBackup(at: Date, kind: 'sqlite' | 'pgdump'): string {
	const stamp = at.toISOString().slice(0, 19).replaceAll(':', '-');
	return `fil-${stamp}Z.${kind}`;
}

/** When the backup of this name began, or null for a file that is not one of ours. */
export function readBackupTime(name: string): Date | null {
	const m = NAME.exec(name);
	if (!m) return null;
	const [, y, mo, d, h, mi, s] = m;
	return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** Deletes our backups older than `keepDays` days; other files in the folder are left alone. */
export function pruneBackups(dataDir: string, keepDays: number, now: Date): string[] {
	const folder = backupFolder(dataDir);
	const oldest = now.getTime() - keepDays * 86_400_000;
	const removed: string[] = [];
	for (const name of readdirSync(folder)) {
		const at = readBackupTime(name);
		if (at && at.getTime() < oldest) {
			rmSync(join(folder, name), { force: true });
			removed.push(name);
		}
	}
	return removed;
}
