import { loadConfig } from '../config/config.ts';
import { describeStartFailure } from '../config/start-failure.ts';
import { BackupError } from '../backup/backup-error.ts';
import { backupPostgres } from '../backup/postgres-backup.ts';
import { backupSqlite } from '../backup/sqlite-backup.ts';

/** `npm run backup`: a consistent snapshot while Fil serves, into DATA_DIR/backups. */
try {
	const config = loadConfig();
	if (process.argv.length > 2) throw new BackupError('Usage : npm run backup (sans argument)');
	if (config.DATABASE_URL) {
		const { file } = await backupPostgres(
			config.DATABASE_URL,
			config.DATABASE_SCHEMA,
			config.DATA_DIR
		);
		console.log(`Sauvegarde écrite : ${file}`);
	} else {
		const { file, comments, bytes } = await backupSqlite(config.DATA_DIR);
		console.log(
			`Sauvegarde écrite : ${file} (${comments} commentaires, ${Math.ceil(bytes / 1024)} Kio)`
		);
	}
} catch (error) {
	console.error(error instanceof BackupError ? error.message : describeStartFailure(error));
	process.exit(1);
}
