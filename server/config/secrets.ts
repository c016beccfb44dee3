import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';

const secretsFileSchema = z.object({
	ipHashSecret: z.string().min(32),
	tokenSecret: z.string().min(32)
});
type Secrets = z.output<typeof secretsFileSchema>;

/** Secrets given in the environment win; otherwise they are generated once into DATA_DIR. */
export function loadOrCreateSecrets(dataDir: string, given: Partial<Secrets>): Secrets {
	if (given.ipHashSecret && given.tokenSecret) {
		return { ipHashSecret: given.ipHashSecret, tokenSecret: given.tokenSecret };
	}
	const file = join(dataDir, 'secrets.json');
	const stored = existsSync(file) ? readSecrets(file) : createSecrets(dataDir, file);
	return {
		ipHashSecret: given.ipHashSecret ?? stored.ipHashSecret,
		tokenSecret: given.tokenSecret ?? stored.tokenSecret
	};
}

function readSecrets(file: string): Secrets {
	try {
		return secretsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
	} catch {
		throw new ConfigError(
			`Configuration invalide :\n  ${file} est illisible ou abîmé ; rétablissez-le, ou ` +
				'donnez IP_HASH_SECRET et TOKEN_SECRET (un nouveau fichier invaliderait les liens envoyés).'
		);
	}
}

/**
 * Written whole under a temporary name, then linked into place: two processes starting
 * together on an empty DATA_DIR (server and worker) end with the same file, the first one's.
 */
function createSecrets(dataDir: string, file: string): Secrets {
	try {
		// It holds the database (commenters' addresses) and the secrets: for this user only.
		mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	} catch (error) {
		throw new ConfigError(`Configuration invalide :\n  DATA_DIR (${dataDir}) : ${String(error)}`);
	}
	const fresh: Secrets = {
		ipHashSecret: randomBytes(32).toString('base64url'),
		tokenSecret: randomBytes(32).toString('base64url')
	};
	const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
	writeFileSync(temporary, JSON.stringify(fresh, null, 2), { mode: 0o600 });
	try {
		linkSync(temporary, file);
		return fresh;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		return readSecrets(file);
	} finally {
		unlinkSync(temporary);
	}
}
