import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { EventBus } from '../events/event-bus.ts';
import { LimiterSet } from '../limits/limiter-set.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { loadArticleCatalog } from '../articles/article-catalog.ts';
import { MemoryPresence } from '../realtime/presence.ts';
import { startMailWorker } from '../mail/start-mail-worker.ts';
import type { AppContext } from './app-context.ts';
import { warnIfNoAuthor } from '../authors/author-service.ts';

export interface RunningContext {
	ctx: AppContext;
	close(): Promise<void>;
}

/** Opens every connection the process will use, once, and applies pending migrations. */
export async function createAppContext(
	config: Config,
	logger: Logger = createLogger(config.LOG_LEVEL)
): Promise<RunningContext> {
	const database = openDatabase({ dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL });
	await migrateToLatest(database.db, database.kind);
	const articles = await loadArticleCatalog(database.db, config.CONTENT_DIR);
	const presence = new MemoryPresence();
	const ctx: AppContext = {
		config,
		db: database.db,
		dbKind: database.kind,
		redis: null,
		bus: new EventBus(),
		limits: new LimiterSet(config, null),
		logger,
		articles,
		presence
	};
	logger.info(`database: ${database.kind}; ${articles.list().length} article(s)`);
	await warnIfNoAuthor(ctx);
	const mailWorker = config.MAIL_WORKER ? startMailWorker(ctx) : null;
	return {
		ctx,
		close: async () => {
			await mailWorker?.stop();
			await presence.close();
			await database.close();
		}
	};
}
