import { ConfigError } from './config-error.ts';

/**
 * What an operator reads when the process cannot start: the variable or file at fault, in one
 * or two lines, never a stack trace.
 */
export function describeStartFailure(error: unknown): string {
	if (error instanceof ConfigError) return error.message;
	const e = error as (NodeJS.ErrnoException & { port?: number; address?: string }) | null;
	if (e?.code === 'EADDRINUSE' || e?.code === 'EACCES' || e?.code === 'EADDRNOTAVAIL') {
		return `Démarrage impossible : ${e.address ?? ''}:${e.port ?? ''} n’est pas disponible (${e.code}) ; changez PORT ou HOST.`;
	}
	return `Démarrage impossible : ${e?.message ?? String(error)}`;
}

/** Prints why the process could not start, and ends it. */
export function exitOnStartFailure(error: unknown): never {
	console.error(describeStartFailure(error));
	process.exit(1);
}
