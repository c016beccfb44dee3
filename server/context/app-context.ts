import type Redis from 'ioredis';
import type { Config } from '../config/config.ts';
import type { Db, DbKind } from '../db/database.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { LimiterSet } from '../limits/limiter-set.ts';
import type { Logger } from '../log/logger.ts';
import type { ArticleCatalog } from '../articles/article-catalog.ts';
import type { Emoji } from '../contract/constants.ts';
import type { ReactionCounts } from '../contract/types.ts';
import type { PresenceTracker } from '../presence/presence.ts';
import type { PageCache } from '../cache/page-cache.ts';

/** Everything a process shares: built once at start, handed to routes and socket handlers. */
export interface AppContext {
	config: Config;
	db: Db;
	dbKind: DbKind;
	redis: Redis | null;
	bus: EventBus;
	limits: LimiterSet;
	logger: Logger;
	articles: ArticleCatalog;
	presence: PresenceTracker;
	/** The article page's script (see server/http/island-script.ts). */
	islandScript: string;
	/** Article pages as readers without a session get them (see page-cache.ts). */
	pageCache: PageCache;
	/** Reaction toggles, committed several to a transaction (server/reactions/toggle-queue.ts). */
	reactions: ReactionToggles;
}

export interface ToggleRequest {
	slug: string;
	commentId: number;
	identityId: string;
	emoji: Emoji;
}

export interface ToggleResult {
	reactions: ReactionCounts;
	mine: Emoji[];
}

/** Answers each toggle once the transaction it shares with others has committed. */
export interface ReactionToggles {
	toggle(request: ToggleRequest): Promise<ToggleResult>;
}

/** Who is acting, as the door that received the request established it. */
export interface Actor {
	identityId: string | null;
	ipHash: string;
}
