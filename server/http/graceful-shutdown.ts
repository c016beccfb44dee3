import type { Server } from 'node:http';
import type { RunningContext } from '../context/create-context.ts';
import type { Logger } from '../log/logger.ts';
import type { SocketServerHandle } from '../realtime/socket-server.ts';

/**
 * SIGTERM/SIGINT: stop accepting, let in-flight requests and acknowledgements finish, tell
 * sockets to go (they reconnect elsewhere and catch up), close connections, exit.
 */
export function installGracefulShutdown(parts: {
	server: Server;
	sockets: SocketServerHandle;
	running: RunningContext;
	logger: Logger;
	timeoutMs?: number;
}): void {
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		parts.logger.info(`${signal} received: shutting down`);
		const timer = setTimeout(() => {
			parts.logger.error('shutdown timed out; exiting');
			process.exit(1);
		}, parts.timeoutMs ?? 8000);
		timer.unref();
		parts.server.close();
		parts.server.closeIdleConnections();
		parts.sockets
			.close()
			.then(() => parts.running.close())
			.then(() => {
				parts.logger.info('shutdown complete');
				process.exit(0);
			})
			.catch((error: unknown) => {
				parts.logger.error('shutdown failed', { error: String(error) });
				process.exit(1);
			});
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}
