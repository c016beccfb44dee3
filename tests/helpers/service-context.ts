import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthor } from '../../server/authors/author-service.ts';
import { createAppContext, type RunningContext } from '../../server/boot/create-context.ts';
import { loadConfig } from '../../server/config/config.ts';
import type { Actor, AppContext } from '../../server/context/app-context.ts';
import type { ErrorCode } from '../../server/contract/errors.ts';
import { postComment } from '../../server/comments/comment-service.ts';
import { createAnonymousIdentity } from '../../server/identity/identity-service.ts';
import { FilError } from '../../server/errors/fil-error.ts';
import { createLogger } from '../../server/log/logger.ts';
import type { Moderator } from '../../server/moderation/moderator.ts';
import { saveSiteSettings } from '../../server/moderation/settings-service.ts';
import { hashIp } from '../../server/security/ip-hash.ts';
import { RELAXED_LIMITS } from './fil-server.ts';
import { AUTHOR, READER, SLUG } from './fixtures.ts';

/**
 * The server's services in this process, without HTTP or sockets: the context `server/index.ts`
 * builds (createAppContext: migrations, the articles of `content/`, limiters, the event bus) on
 * a database of its own — a temporary SQLite file, or the PostgreSQL schema `env` names — with
 * the author made by the same service as the CLI's.
 */
export interface ServiceWorld {
	ctx: AppContext;
	/** The author, as the dashboard acts for them… */
	moderator: Moderator;
	/** …and as the article page's form posts for them. */
	author: Actor;
	/** A new reader (identity of its own) from `ip`, as a door would establish it. */
	newReader(ip?: string): Promise<Actor>;
	/** Posts on `SLUG` as `actor`; `extra` may replace any field. */
	post(actor: Actor, body: string, extra?: Record<string, unknown>): ReturnType<typeof postComment>;
	/** Saves the site's settings as the author (unset fields take their defaults). */
	saveSettings(settings: Record<string, unknown>): Promise<void>;
	close(): Promise<void>;
}

let readers = 0;

export async function startServiceWorld(env: Record<string, string> = {}): Promise<ServiceWorld> {
	const config = loadConfig({
		DATA_DIR: mkdtempSync(join(tmpdir(), 'fil-service-')),
		MAIL_WORKER: 'false',
		LOG_LEVEL: 'silent',
		...RELAXED_LIMITS,
		...env
	});
	const running: RunningContext = await createAppContext(config, createLogger('silent'));
	const { ctx } = running;
	const author = await createAuthor(ctx.db, AUTHOR);
	const moderator: Moderator = { kind: 'author', authorId: author.id };
	return {
		ctx,
		moderator,
		author: { identityId: author.identity_id, ipHash: hashIp('10.0.0.1', config.ipHashSecret) },
		async newReader(ip = `192.0.2.${(++readers % 250) + 1}`) {
			const identity = await createAnonymousIdentity(ctx.db);
			return { identityId: identity.id, ipHash: hashIp(ip, config.ipHashSecret) };
		},
		post: (actor, body, extra = {}) =>
			postComment(ctx, actor, {
				slug: SLUG,
				parentId: null,
				body,
				name: READER.name,
				email: READER.email,
				website: '',
				idempotencyKey: crypto.randomUUID(),
				...extra
			}),
		async saveSettings(settings) {
			await saveSiteSettings(ctx, moderator, settings);
		},
		close: () => running.close()
	};
}

/** What a call becomes: its result, or the code of the error that refused it. */
export async function outcome<T>(call: Promise<T>): Promise<T | ErrorCode> {
	try {
		return await call;
	} catch (error) {
		if (error instanceof FilError) return error.code;
		throw error;
	}
}
