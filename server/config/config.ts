import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { loadOrCreateSecrets } from './secrets.ts';

const booleanFromEnv = z
	.enum(['1', '0', 'true', 'false', 'yes', 'no'])
	.transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	ORIGIN: z
		.url({ protocol: /^https?$/ })
		.refine((v) => ['', '/'].includes(new URL(v).pathname) && !new URL(v).search, {
			error: 'ORIGIN : l’adresse du site seule, sans chemin (https://blog.example.org)'
		})
		.optional(),
	DATA_DIR: z.string().min(1).default('data'),
	CONTENT_DIR: z.string().min(1).default('content'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL doit commencer par postgres://' })
		.optional(),
	REDIS_URL: z
		.string()
		.regex(/^rediss?:\/\//, { error: 'REDIS_URL doit commencer par redis:// ou rediss://' })
		.optional(),
	/** Prefix of every Redis key and channel, so several deployments (or test runs) share one Redis. */
	REDIS_KEY_PREFIX: z
		.string()
		.regex(/^[A-Za-z0-9:_.-]{1,64}$/, {
			error: 'REDIS_KEY_PREFIX : lettres, chiffres et « : _ . - » seulement (64 au plus)'
		})
		.default('fil:'),
	/** PostgreSQL schema holding Fil's tables (created if missing); default: the server's. */
	DATABASE_SCHEMA: z
		.string()
		.regex(/^[a-z_][a-z0-9_]{0,62}$/, {
			error: 'DATABASE_SCHEMA : un identifiant PostgreSQL en minuscules (a-z, 0-9, _)'
		})
		.optional(),
	/** A name for this instance in logs and in the shared presence counts. */
	INSTANCE_ID: z
		.string()
		.regex(/^[A-Za-z0-9_.-]{1,64}$/)
		.optional(),
	/** A crashed instance's readers stop counting after this (it refreshes every third of it). */
	PRESENCE_TTL_SECONDS: z.coerce.number().int().min(3).max(3600).default(30),
	/** How long SIGTERM waits for in-flight writes before giving up (exit 1). */
	SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8000),
	IP_HASH_SECRET: z.string().min(32).optional(),
	TOKEN_SECRET: z.string().min(32).optional(),
	TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
	SMTP_URL: z
		.string()
		.regex(/^smtps?:\/\//, { error: 'SMTP_URL doit commencer par smtp:// ou smtps://' })
		.optional(),
	MAIL_FROM: z.string().min(3).default('Fil <fil@localhost>'),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
	SESSION_DAYS: z.coerce.number().int().min(1).max(400).default(30),
	MAIL_WORKER: booleanFromEnv.default(true),
	MAIL_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
	MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
	MAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).max(86_400_000).default(60_000),
	MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
	MAIL_PER_RECIPIENT_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(10),
	MAIL_REPLY_GROUP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
	MAIL_DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(7),
	LIMIT_COMMENT_IDENTITY_SECONDS: z.coerce.number().int().min(0).default(15),
	LIMIT_COMMENT_IP_PER_MINUTE: z.coerce.number().int().min(0).default(5),
	LIMIT_COMMENT_IP_BURST: z.coerce.number().int().min(0).default(2),
	/** The burst is spent once per this window (a few extra posts, not a higher rate). */
	LIMIT_COMMENT_IP_BURST_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
	LIMIT_REACTION_IP_PER_10S: z.coerce.number().int().min(0).default(30),
	LIMIT_CONNECTION_IP_PER_MINUTE: z.coerce.number().int().min(0).default(20),
	LIMIT_LOGIN_IP_PER_15MIN: z.coerce.number().int().min(0).default(10),
	LIMIT_LOGIN_ACCOUNT_PER_15MIN: z.coerce.number().int().min(0).default(5),
	/** New anonymous identities (browser sessions) per IP an hour: each one is a row. */
	LIMIT_IDENTITY_IP_PER_HOUR: z.coerce.number().int().min(0).default(30),
	/** How often each moderator socket's session is checked again (sign-out elsewhere, expiry). */
	MODERATOR_SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
	/** The daily SQLite backup into DATA_DIR/backups runs at this hour (UTC)… */
	BACKUP_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(3),
	/** …and backups older than this many days are deleted; 0: no daily backup. */
	BACKUP_KEEP: z.coerce.number().int().min(0).max(3650).default(7),
	/** How often expired sessions are deleted. */
	SESSION_PURGE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600)
});

export type Env = z.output<typeof envSchema>;

export interface Config extends Env {
	ipHashSecret: string;
	tokenSecret: string;
}

export { ConfigError };

/** Parses the environment once at start; a bad value stops the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	// A value of blanks is no value: `z.coerce.number()` would read it as 0 (a limit off).
	const cleaned = Object.fromEntries(
		Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')
	);
	const parsed = envSchema.safeParse(cleaned);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`);
	}
	if (parsed.data.REDIS_URL && (!parsed.data.IP_HASH_SECRET || !parsed.data.TOKEN_SECRET)) {
		// Several instances must hash IPs (limiter keys) and sign links the same way.
		throw new ConfigError(
			'Configuration invalide :\n  IP_HASH_SECRET et TOKEN_SECRET sont obligatoires avec REDIS_URL ' +
				'(toutes les instances doivent partager les mêmes secrets).'
		);
	}
	if (parsed.data.DATABASE_SCHEMA && !parsed.data.DATABASE_URL) {
		throw new ConfigError('Configuration invalide :\n  DATABASE_SCHEMA demande DATABASE_URL.');
	}
	const secrets = loadOrCreateSecrets(parsed.data.DATA_DIR, {
		ipHashSecret: parsed.data.IP_HASH_SECRET,
		tokenSecret: parsed.data.TOKEN_SECRET
	});
	return { ...parsed.data, ...secrets };
}
