import { createServer } from 'node:http';
import { loadConfig } from './config/config.ts';
import { exitOnStartFailure } from './config/start-failure.ts';
import { createAppContext } from './boot/create-context.ts';
import { setAppContext } from './context/context-registry.ts';
import { handleHealth } from './http/health.ts';
import { setSecurityHeaders } from './http/security-headers.ts';
import { loadSvelteKitHandler } from './http/sveltekit-handler.ts';
import { serveCachedPage } from './http/cached-page.ts';
import { createResponseCompressor } from './http/compress-responses.ts';
import { attachSocketServer } from './realtime/socket-server.ts';
import { installGracefulShutdown } from './boot/graceful-shutdown.ts';
import { listen } from './boot/listen.ts';
import { handleOneClickUnsubscribe } from './mail/one-click-unsubscribe.ts';

async function start(): Promise<void> {
	const config = loadConfig();
	const running = await createAppContext(config);
	const { ctx, inFlight, redisLink } = running;
	setAppContext(ctx);
	const svelteKit = await loadSvelteKitHandler(config, (req, res) =>
		serveCachedPage(ctx, req, res)
	);

	const compress = createResponseCompressor();

	const server = createServer((req, res) => {
		if (handleHealth(ctx, inFlight, req, res)) return;
		res.once('close', inFlight.begin());
		if (handleOneClickUnsubscribe(ctx, req, res)) return;
		// Pages (cached or not), JSON and static files; Socket.IO's requests never get here.
		compress(req, res, () => svelteKit(req, res));
	});
	const sockets = attachSocketServer(server, ctx, { redisLink, inFlight });
	// First of all, and after Engine.IO took over 'request': its polling and error answers too.
	server.prependListener('request', (_req, res) => setSecurityHeaders(res));
	installGracefulShutdown({
		server,
		sockets,
		running,
		inFlight,
		logger: ctx.logger,
		timeoutMs: config.SHUTDOWN_TIMEOUT_MS
	});

	const port = await listen(server, config.PORT, config.HOST);
	ctx.logger.info(`Fil listening on http://localhost:${port}`, { port });
}

// A bad variable, a port in use, a missing folder: one readable line, exit 1.
start().catch(exitOnStartFailure);
