const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

export interface Logger {
	debug(msg: string, fields?: Record<string, unknown>): void;
	info(msg: string, fields?: Record<string, unknown>): void;
	warn(msg: string, fields?: Record<string, unknown>): void;
	error(msg: string, fields?: Record<string, unknown>): void;
}

/** One line per entry. Callers pass ids and codes, never e-mail addresses or raw IPs. */
export function createLogger(
	level: LogLevel = 'info',
	write = (line: string) => console.log(line)
): Logger {
	const min = LEVELS[level];
	const log = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
		if (LEVELS[lvl] < min) return;
		const extra = fields ? ' ' + JSON.stringify(fields) : '';
		write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${extra}`);
	};
	return {
		debug: (m, f) => log('debug', m, f),
		info: (m, f) => log('info', m, f),
		warn: (m, f) => log('warn', m, f),
		error: (m, f) => log('error', m, f)
	};
}
