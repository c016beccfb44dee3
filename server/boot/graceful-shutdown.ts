import type { Server } from 'node:http';
import type { RunningContext } from './create-context.ts';
import type { Logger } from '../log/logger.ts';
import type { SocketServerHandle } from '../realtime/socket-server.ts';
import type { InFlight } from '../http/in-flight.ts';

/**
 * SIGTERM/SIGINT: stop accepting (the listener closes, /readyz says 503, new socket commands
 * are answered UNAVAILABLE), let in-flight requests and acknowledgements finish, close the
 * sockets (clients reconnect to another instance and catch up with their cursor), close
 * Redis and the database, exit 0. Past `timeoutMs` the process exits 1 whatever is left.
 */
export function installGracefulShutdown(parts: {
	server: Server;
	sockets: SocketServerHandle;
	running: RunningContext;
	inFlight: InFlight;
	logger: Logger;
	timeoutMs: number;
}): void {
	const { server, sockets, running, inFlight, logger, timeoutMs } = parts;
	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		logger.info(`${signal} received: draining`, { inFlight: inFlight.count });
		const timer = setTimeout(() => {
			logger.error('shutdown timed out; exiting');
			process.exit(1);
		}, timeoutMs);
		timer.unref();
		inFlight.draining = true;
		server.close();
		server.closeIdleConnections();
		const finished = await inFlight.idle(Math.floor(timeoutMs * 0.6));
		if (!finished) logger.warn('in-flight work left unfinished', { inFlight: inFlight.count });
		server.closeAllConnections();
		await sockets.close();
		await running.close();
		logger.info('shutdown complete');
		process.exit(0);
	};
	const onSignal = (signal: string) =>
		stop(signal).catch((error: unknown) => {
			logger.error('shutdown failed', { error: String(error) });
			process.exit(1);
		});
	process.on('SIGTERM', () => void onSignal('SIGTERM'));
	process.on('SIGINT', () => void onSignal('SIGINT'));
}
