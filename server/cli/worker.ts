import { loadConfig } from '../config/config.ts';
import { exitOnStartFailure } from '../config/start-failure.ts';
import { createAppContext } from '../boot/create-context.ts';

/** `npm run worker`: the mail worker alone, e.g. next to web instances started with MAIL_WORKER=0. */
const running = await (async () =>
	createAppContext({ ...loadConfig(), MAIL_WORKER: true }))().catch(exitOnStartFailure);
running.ctx.logger.info('mail worker process ready');

let stopping = false;
const stop = (signal: string) => {
	if (stopping) return;
	stopping = true;
	running.ctx.logger.info(`${signal} received: stopping the mail worker`);
	running.close().then(
		() => process.exit(0),
		(error: unknown) => {
			running.ctx.logger.error('worker shutdown failed', { error: String(error) });
			process.exit(1);
		}
	);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
