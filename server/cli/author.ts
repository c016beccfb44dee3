import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig, type Config } from '../config/config.ts';
import { describeStartFailure } from '../config/start-failure.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { changeAuthorPassword, createAuthor } from '../authors/author-service.ts';
import { FilError } from '../errors/fil-error.ts';
import { readPassword } from './read-password.ts';

const USAGE = `Usage :
  npm run author -- create --email <adresse> --name "<nom affiché>"
  npm run author -- password --email <adresse>
Le mot de passe (10 caractères au moins) est demandé au terminal, ou lu dans FIL_AUTHOR_PASSWORD.`;

const argsSchema = z.discriminatedUnion('command', [
	z.strictObject({
		command: z.literal('create'),
		email: z.string({ error: '--email est obligatoire' }),
		name: z.string({ error: '--name est obligatoire' })
	}),
	z.strictObject({
		command: z.literal('password'),
		email: z.string({ error: '--email est obligatoire' })
	})
]);

function parseCommandLine(argv: string[]) {
	const { values, positionals } = parseArgs({
		args: argv,
		options: { email: { type: 'string' }, name: { type: 'string' } },
		allowPositionals: true,
		strict: true
	});
	return argsSchema.parse({ command: positionals[0], ...values });
}

async function obtainPassword(): Promise<string> {
	const fromEnv = z
		.string()
		.min(1)
		.optional()
		.parse(process.env.FIL_AUTHOR_PASSWORD || undefined);
	if (fromEnv) return fromEnv;
	const first = await readPassword('Mot de passe : ');
	if (process.stdin.isTTY) {
		const again = await readPassword('Encore une fois : ');
		if (again !== first) throw new Error('Les deux mots de passe diffèrent.');
	}
	return first;
}

async function main(): Promise<number> {
	let args: z.output<typeof argsSchema>;
	try {
		args = parseCommandLine(process.argv.slice(2));
	} catch (error) {
		const detail =
			error instanceof z.ZodError
				? error.issues.map((i) => i.message).join(', ')
				: error instanceof Error
					? error.message
					: '';
		console.error(`${detail ? detail + '\n' : ''}${USAGE}`);
		return 2;
	}
	let config: Config;
	try {
		config = loadConfig();
	} catch (error) {
		console.error(describeStartFailure(error));
		return 1;
	}
	const database = openDatabase({
		dataDir: config.DATA_DIR,
		databaseUrl: config.DATABASE_URL,
		pgSchema: config.DATABASE_SCHEMA
	});
	try {
		await migrateToLatest(database.db, database.kind, database.schema);
		const password = await obtainPassword();
		if (args.command === 'create') {
			const author = await createAuthor(database.db, {
				email: args.email,
				name: args.name,
				password
			});
			console.log(`Auteur créé (${author.id}). Connexion : /connexion`);
		} else {
			await changeAuthorPassword(database.db, { email: args.email, password });
			console.log('Mot de passe changé ; les sessions ouvertes sont fermées.');
		}
		return 0;
	} catch (error) {
		if (error instanceof FilError) {
			const payload = error.toPayload();
			const fields = Object.values(payload.fields ?? {});
			console.error(fields.length > 0 ? fields.join('\n') : payload.message);
			return 1;
		}
		console.error(error instanceof Error ? error.message : String(error));
		return 1;
	} finally {
		await database.close();
	}
}

process.exitCode = await main();
