import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

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
	let stored: Secrets;
	if (existsSync(file)) {
		stored = secretsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
	} else {
		mkdirSync(dataDir, { recursive: true });
		stored = {
			ipHashSecret: randomBytes(32).toString('base64url'),
			tokenSecret: randomBytes(32).toString('base64url')
		};
		writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
	}
	return {
		ipHashSecret: given.ipHashSecret ?? stored.ipHashSecret,
		tokenSecret: given.tokenSecret ?? stored.tokenSecret
	};
}
