import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sqliteFile } from '../db/database.ts';
import { MIGRATION_NAMES } from '../db/migrate.ts';
import { BackupError } from './backup-error.ts';
import { backupFolder, nameBackup } from './backup-files.ts';

export interface BackupSummary {
	file: string;
	comments: number;
	bytes: number;
}

/**
 * Copies the live database with SQLite's online backup API, in one step: the copy is the
 * database as one read transaction saw it, while writers go on (WAL). It is written under a
 * temporary name and renamed once checked, so a file with a backup's name is always whole.
 */
export async function backupSqlite(dataDir: string, now = new Date()): Promise<BackupSummary> {
	const source = sqliteFile(dataDir);
	if (!existsSync(source)) throw new BackupError(`Aucune base à sauvegarder : ${source}`);
	const file = join(backupFolder(dataDir), nameBackup(now, 'sqlite'));
	const partial = `${file}.partial`;
	const db = new SQLite(source, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		await db.backup(partial, { progress: () => 0x7fffffff });
	} catch (error) {
		rmSync(partial, { force: true });
		throw error;
	} finally {
		db.close();
	}
	try {
		const { comments, bytes } = inspectSqliteBackup(partial);
		renameSync(partial, file);
		return { file, comments, bytes };
	} catch (error) {
		rmSync(partial, { force: true });
		throw error;
	}
}

/** Checks that a file is a whole Fil database this version can run; says what it holds. */
export function inspectSqliteBackup(file: string): { comments: number; bytes: number } {
	if (!existsSync(file)) throw new BackupError(`Fichier introuvable : ${file}`);
	let db: SQLite.Database;
	try {
		db = new SQLite(file, { readonly: true, fileMustExist: true });
	} catch (error) {
		throw new BackupError(`${file} ne s’ouvre pas comme une base SQLite (${String(error)})`);
	}
	try {
		const integrity = db.pragma('integrity_check', { simple: true });
		if (integrity !== 'ok') throw new BackupError(`${file} est endommagé : ${String(integrity)}`);
		const migrations = db
			.prepare('select name from kysely_migration order by name')
			.pluck()
			.all() as string[];
		const unknown = migrations.filter((m) => !MIGRATION_NAMES.includes(m));
		if (unknown.length > 0) {
			throw new BackupError(
				`${file} vient d’une version plus récente de Fil (${unknown.join(', ')}) : mettez Fil à jour d’abord`
			);
		}
		const comments = db.prepare('select count(*) from comments').pluck().get() as number;
		const pages = db.pragma('page_count', { simple: true }) as number;
		const size = db.pragma('page_size', { simple: true }) as number;
		return { comments, bytes: pages * size };
	} catch (error) {
		if (error instanceof BackupError) throw error;
		throw new BackupError(`${file} n’est pas une sauvegarde de Fil (${String(error)})`);
	} finally {
		db.close();
	}
}
