import type { AppContext } from '../context/app-context.ts';
import { MailWorker } from './mail-worker.ts';
import { createMailTransport } from './mail-transport.ts';
import { mailOrigin } from '../outbox/mail-origin.ts';

/** Starts the outbox worker of this process; comment events wake it up early. */
export function startMailWorker(ctx: AppContext): { stop(): Promise<void> } {
	const transport = createMailTransport(ctx.config, ctx.logger);
	const worker = new MailWorker({
		db: ctx.db,
		articles: ctx.articles,
		dbKind: ctx.dbKind,
		config: ctx.config,
		logger: ctx.logger,
		transport
	});
	const origin = mailOrigin(ctx.config);
	if (!origin.startsWith('https://')) {
		ctx.logger.warn(`mail links point to ${origin}: set ORIGIN to the public https address`);
	}
	const unsubscribe = ctx.bus.subscribe((e) => {
		if (e.event.type.startsWith('comment:')) worker.wake();
	});
	worker.start();
	ctx.logger.info(`mail worker started (${ctx.config.SMTP_URL ? 'SMTP' : 'files in outbox/'})`);
	return {
		stop: async () => {
			unsubscribe();
			await worker.stop();
		}
	};
}
