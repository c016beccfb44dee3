import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	backupFolder,
	nameBackup,
	pruneBackups,
	readBackupTime
} from '../../server/backup/backup-files.ts';
import { msUntilNextBackup, startDailyBackup } from '../../server/backup/daily-backup.ts';
import { createLogger } from '../../server/log/logger.ts';

const HOUR = 3_600_000;

describe('when the daily backup runs', () => {
	it('waits for the next time the UTC clock reads the hour, today or tomorrow', () => {
		expect(msUntilNextBackup(new Date('2026-12-04T01:30:00Z'), 3)).toBe(1.5 * HOUR);
		expect(msUntilNextBackup(new Date('2026-12-04T03:00:00Z'), 3)).toBe(24 * HOUR);
		expect(msUntilNextBackup(new Date('2026-12-04T22:00:00Z'), 3)).toBe(5 * HOUR);
		expect(msUntilNextBackup(new Date('2026-12-31T23:59:00Z'), 0)).toBe(60_000);
	});

	afterEach(() => void vi.useRealTimers());

	it('makes one backup a day at that hour, prunes the old ones, and goes on after a failure', async () => {
		vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00Z') });
		const dataDir = mkdtempSync(join(tmpdir(), 'fil-backup-'));
		const old = nameBackup(new Date('2026-11-20T03:00:00Z'), 'sqlite');
		writeFileSync(join(backupFolder(dataDir), old), '');
		const lines: string[] = [];
		let calls = 0;
		const stop = startDailyBackup({
			dataDir,
			hourUtc: 3,
			keepDays: 7,
			logger: createLogger('info', (l) => lines.push(l)),
			makeBackup: async () => {
				calls++;
				if (calls === 1) throw new Error('disque plein');
				return { file: 'f', comments: 2 };
			}
		});
		await vi.advanceTimersByTimeAsync(16 * HOUR);
		expect(calls).toBe(0);
		await vi.advanceTimersByTimeAsync(HOUR + 1000);
		expect(calls).toBe(1);
		expect(lines.at(-1)).toMatch(/ERROR daily backup failed .*disque plein/);
		await vi.advanceTimersByTimeAsync(24 * HOUR);
		expect(calls).toBe(2);
		expect(lines.at(-1)).toMatch(/INFO daily backup written .*"pruned":1/);
		expect(readdirSync(backupFolder(dataDir))).toEqual([]);
		stop();
		await vi.advanceTimersByTimeAsync(48 * HOUR);
		expect(calls).toBe(2);
	});
});

describe('backup files', () => {
	it('are named by the UTC time they began, and read back', () => {
		const at = new Date('2026-12-04T18:05:09.123Z');
		expect(nameBackup(at, 'sqlite')).toBe('fil-2026-12-04T18-05-09Z.sqlite');
		expect(readBackupTime(nameBackup(at, 'pgdump'))?.toISOString()).toBe(
			'2026-12-04T18:05:09.000Z'
		);
		expect(readBackupTime('notes.txt')).toBeNull();
		expect(readBackupTime('fil-2026-12-04T18-05-09Z.sqlite.partial')).toBeNull();
	});

	it('older than the days kept are deleted; newer ones and other files stay', () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'fil-backup-'));
		const folder = backupFolder(dataDir);
		const now = new Date('2026-12-10T03:00:00Z');
		const names = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-09'].map((d) =>
			nameBackup(new Date(`${d}T03:00:00Z`), 'sqlite')
		);
		for (const n of [...names, 'a-moi.sqlite']) writeFileSync(join(folder, n), '');
		expect(pruneBackups(dataDir, 7, now).sort()).toEqual(names.slice(0, 2));
		expect(readdirSync(folder).sort()).toEqual(['a-moi.sqlite', ...names.slice(2)].sort());
	});
});
