import type { Config } from '../config/config.ts';

/**
 * Where links in mails point. ORIGIN when set; otherwise the address this process listens on.
 * The Host header of a request is never used: anyone can send one, and links carry tokens.
 */
export function mailOrigin(config: Config): string {
	if (config.ORIGIN) return config.ORIGIN.replace(/\/+$/, '');
	const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
	return `http://${host}:${config.PORT}`;
}
