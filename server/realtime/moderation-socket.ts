import type { Actor, AppContext } from '../context/app-context.ts';
import { MODERATORS_ROOM } from '../contract/events.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { moderationJoinSchema } from '../contract/moderation.ts';
import { findSession } from '../auth/session-repository.ts';
import { findAuthorByIdentityId } from '../authors/author-repository.ts';
import type { FilSocket } from './socket-types.ts';
import { banCommenter } from '../moderation/ban-service.ts';
import { countQueues } from '../moderation/moderation-reader.ts';
import {
	editCommentAsModerator,
	moderateComment,
	moderateComments
} from '../moderation/moderation-service.ts';
import type { Moderator } from '../moderation/moderator.ts';
import { setThreadClosed } from '../moderation/thread-close-service.ts';

/** One socket command: shared by every socket (no per-socket closure), the socket passed in. */
export type SocketCommand = (
	ctx: AppContext,
	socket: FilSocket,
	actor: Actor,
	payload: unknown
) => Promise<unknown>;

/**
 * The socket must carry an author's session, still valid now (a sign-out elsewhere ends it):
 * no session is UNAUTHORIZED, a reader's is FORBIDDEN. An author's socket whose session ended
 * never gets here: the dispatcher closes it first (realtime/author-session.ts).
 */
async function requireSocketModerator(ctx: AppContext, socket: FilSocket): Promise<Moderator> {
	const { sessionId, identityId } = socket.data;
	if (!sessionId || !identityId) throw new FilError('UNAUTHORIZED');
	const session = await findSession(ctx.db, sessionId);
	if (!session || new Date(session.expires_at) <= new Date()) throw new FilError('UNAUTHORIZED');
	const author = socket.data.isAuthor
		? await findAuthorByIdentityId(ctx.db, identityId)
		: undefined;
	if (!author) throw new FilError('FORBIDDEN');
	return { kind: 'author', authorId: author.id };
}

function asModerator(
	run: (ctx: AppContext, socket: FilSocket, m: Moderator, payload: unknown) => Promise<unknown>
): SocketCommand {
	return async (ctx, socket, _actor, payload) =>
		run(ctx, socket, await requireSocketModerator(ctx, socket), payload);
}

export const MODERATION_COMMANDS = {
	'moderation:join': asModerator(async (ctx, socket, _m, p) => {
		parseInput(moderationJoinSchema, p);
		await socket.join(MODERATORS_ROOM);
		return { counts: await countQueues(ctx.db, undefined) };
	}),
	'moderation:act': asModerator(async (ctx, _s, m, p) => ({
		item: await moderateComment(ctx, m, p)
	})),
	'moderation:bulk': asModerator(async (ctx, _s, m, p) => ({
		items: await moderateComments(ctx, m, p)
	})),
	'moderation:edit': asModerator(async (ctx, _s, m, p) => ({
		item: await editCommentAsModerator(ctx, m, p)
	})),
	'moderation:ban': asModerator((ctx, _s, m, p) => banCommenter(ctx, m, p)),
	'moderation:thread': asModerator((ctx, _s, m, p) => setThreadClosed(ctx, m, p))
} satisfies Record<string, SocketCommand>;
