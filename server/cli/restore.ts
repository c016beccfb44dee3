import { z } from 'zod';
import { loadConfig } from '../config/config.ts';
import { describeStartFailure } from '../config/start-failure.ts';
import { BackupError } from '../backup/backup-error.ts';
import { restorePostgres } from '../backup/postgres-backup.ts';
import { restoreSqlite } from '../backup/restore-sqlite.ts';

const USAGE = 'Usage : npm run restore -- <fichier de sauvegarde>   (Fil arrêté)';
const argsSchema = z.tuple([z.string().trim().min(1)], { error: USAGE });

/** `npm run restore -- FILE`: into a stopped instance, after checking the file. */
try {
	const parsed = argsSchema.safeParse(process.argv.slice(2));
	if (!parsed.success) throw new BackupError(USAGE);
	const [file] = parsed.data;
	const config = loadConfig();
	if (config.DATABASE_URL) {
		await restorePostgres(file, config.DATABASE_URL);
		console.log(`Restauré dans PostgreSQL depuis ${file}`);
	} else {
		const { comments, setAside } = restoreSqlite(file, config.DATA_DIR);
		console.log(`Restauré : ${comments} commentaires depuis ${file}`);
		if (setAside) console.log(`L’ancienne base est gardée dans ${setAside}`);
	}
} catch (error) {
	console.error(error instanceof BackupError ? error.message : describeStartFailure(error));
	process.exit(1);
}
