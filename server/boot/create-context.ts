import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { EventBus } from '../events/event-bus.ts';
import { InFlight } from '../http/in-flight.ts';
import { findIslandScript } from '../http/island-script.ts';
import { LimiterSet } from '../limits/limiter-set.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { loadArticleCatalog } from '../articles/article-catalog.ts';
import { PageCache } from '../cache/page-cache.ts';
import { MemoryPresence, type PresenceTracker } from '../presence/presence.ts';
import { RedisPresence } from '../presence/redis-presence.ts';
import { RedisLink } from '../redis/redis-link.ts';
import { startMailWorker } from '../mail/start-mail-worker.ts';
import { startSessionPurge } from '../auth/session-purge.ts';
import type { AppContext } from '../context/app-context.ts';
import { ToggleQueue } from '../reactions/toggle-queue.ts';
import { publishReactionUpdates } from '../reactions/reaction-service.ts';
import { warnIfNoAuthor } from '../authors/author-service.ts';
import { startDailyBackup } from '../backup/daily-backup.ts';

export interface RunningContext {
	ctx: AppContext;
	/** Null when the process runs alone (no REDIS_URL). */
	redisLink: RedisLink | null;
	inFlight: InFlight;
	close(): Promise<void>;
}

const REDIS_FIRST_CONNECT_MS = 5000;

/** Opens every connection the process will use, once, and applies pending migrations. */
export async function createAppContext(
	config: Config,
	logger: Logger = createLogger(config.LOG_LEVEL)
): Promise<RunningContext> {
	const instanceId =
		config.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
	const database = openDatabase({
		dataDir: config.DATA_DIR,
		databaseUrl: config.DATABASE_URL,
		pgSchema: config.DATABASE_SCHEMA,
		logger
	});
	await migrateToLatest(database.db, database.kind, database.schema);
	const articles = await loadArticleCatalog(database.db, config.CONTENT_DIR);

	let redisLink: RedisLink | null = null;
	let presence: PresenceTracker;
	if (config.REDIS_URL) {
		redisLink = new RedisLink(config.REDIS_URL, logger, `fil-${instanceId}`);
		// Start anyway if Redis is away: the insurance limiter and local fan-out serve meanwhile.
		await redisLink.waitUntilReady(REDIS_FIRST_CONNECT_MS);
		const redisPresence = new RedisPresence(
			redisLink.command,
			config.REDIS_KEY_PREFIX,
			instanceId,
			logger,
			config.PRESENCE_TTL_SECONDS * 1000
		);
		redisLink.onRecover(() => void redisPresence.heartbeat());
		void redisPresence.heartbeat();
		presence = redisPresence;
	} else {
		presence = new MemoryPresence();
		logger.info(
			'no REDIS_URL: this process runs alone (in-memory Socket.IO adapter, rate limits and presence)'
		);
	}

	const bus = new EventBus();
	const ctx: AppContext = {
		config,
		db: database.db,
		dbKind: database.kind,
		redis: redisLink?.command ?? null,
		bus,
		limits: new LimiterSet(config, redisLink?.command ?? null),
		logger,
		articles,
		presence,
		islandScript: findIslandScript(),
		pageCache: new PageCache(),
		reactions: new ToggleQueue(
			database.db,
			database.kind,
			(updates) => publishReactionUpdates(bus, updates),
			logger
		)
	};
	logger.info(`database: ${database.kind}; ${articles.list().length} article(s)`, {
		instance: instanceId
	});
	await warnIfNoAuthor(ctx);
	const mailWorker = config.MAIL_WORKER ? startMailWorker(ctx) : null;
	const stopSessionPurge = startSessionPurge(ctx.db, logger, config.SESSION_PURGE_SECONDS * 1000);
	const stopDailyBackup = startBackups(config, database.kind, logger);
	return {
		ctx,
		redisLink,
		inFlight: new InFlight(),
		close: async () => {
			stopSessionPurge();
			stopDailyBackup();
			await mailWorker?.stop();
			await presence.close();
			await redisLink?.close();
			await database.close();
		}
	};
}

/** SQLite's daily backup; a PostgreSQL deployment backs up with pg_dump (docs/backups.md). */
function startBackups(config: Config, kind: 'sqlite' | 'postgres', logger: Logger): () => void {
	if (kind !== 'sqlite' || config.BACKUP_KEEP === 0) return () => {};
	return startDailyBackup({
		dataDir: config.DATA_DIR,
		hourUtc: config.BACKUP_HOUR_UTC,
		keepDays: config.BACKUP_KEEP,
		logger
	});
}
