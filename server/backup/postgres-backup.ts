import { execFile } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BackupError } from './backup-error.ts';
import { backupFolder, nameBackup } from './backup-files.ts';

const run = promisify(execFile);

/** pg_dump's custom format: one consistent snapshot, restored with pg_restore. */
export async function backupPostgres(
	databaseUrl: string,
	schema: string | undefined,
	dataDir: string,
	now = new Date()
): Promise<{ file: string }> {
	const file = join(backupFolder(dataDir), nameBackup(now, 'pgdump'));
	const partial = `${file}.partial`;
	const only = schema ? ['--schema', schema] : [];
	try {
		await run('pg_dump', [
			'--format=custom',
			'--no-owner',
			...only,
			'--file',
			partial,
			databaseUrl
		]);
		renameSync(partial, file);
		return { file };
	} catch (error) {
		rmSync(partial, { force: true });
		throw new BackupError(`pg_dump a échoué : ${describe(error)}`);
	}
}

/** Into a database whose instances are all stopped: Fil's tables are dropped and rewritten. */
export async function restorePostgres(file: string, databaseUrl: string): Promise<void> {
	try {
		await run('pg_restore', ['--list', file]);
	} catch (error) {
		throw new BackupError(`${file} n’est pas une sauvegarde pg_dump : ${describe(error)}`);
	}
	try {
		await run('pg_restore', [
			'--clean',
			'--if-exists',
			'--no-owner',
			'--single-transaction',
			'--dbname',
			databaseUrl,
			file
		]);
	} catch (error) {
		throw new BackupError(`pg_restore a échoué : ${describe(error)}`);
	}
}

function describe(error: unknown): string {
	const e = error as { code?: string; stderr?: string; message?: string };
	if (e.code === 'ENOENT') return 'commande introuvable (installez le client PostgreSQL)';
	return (e.stderr ?? e.message ?? String(error)).trim().split('\n')[0];
}
