import type { Actor, AppContext } from '../context/app-context.ts';
import { MODERATORS_ROOM } from '../contract/events.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { moderationJoinSchema } from '../contract/moderation.ts';
import { findSession } from '../auth/session-repository.ts';
import { findAuthorByIdentityId } from '../authors/author-repository.ts';
import type { FilSocket } from '../realtime/socket-types.ts';
import { banCommenter } from './ban-service.ts';
import { countQueues } from './moderation-reader.ts';
import { editCommentAsModerator, moderateComment, moderateComments } from './moderation-service.ts';
import type { Moderator } from './moderator.ts';
import { reportComment } from './report-service.ts';
import { setThreadClosed } from './thread-close-service.ts';

type Answer = <T>(
	name: string,
	handler: (actor: Actor, payload: unknown) => Promise<T>
) => (...args: unknown[]) => void;

/**
 * The socket must carry an author's session, still valid now (a sign-out elsewhere ends it):
 * no session is UNAUTHORIZED, a reader's is FORBIDDEN.
 */
async function requireSocketModerator(ctx: AppContext, socket: FilSocket): Promise<Moderator> {
	const { sessionId, identityId } = socket.data;
	if (!sessionId || !identityId) throw new FilError('UNAUTHORIZED');
	const session = await findSession(ctx.db, sessionId);
	if (!session || new Date(session.expires_at) <= new Date()) {
		throw new FilError('UNAUTHORIZED');
	}
	const author = socket.data.isAuthor
		? await findAuthorByIdentityId(ctx.db, identityId)
		: undefined;
	if (!author) throw new FilError('FORBIDDEN');
	return { kind: 'author', authorId: author.id };
}

export function registerModerationHandlers(
	ctx: AppContext,
	socket: FilSocket,
	answer: Answer
): void {
	const asModerator =
		<T>(run: (m: Moderator, payload: unknown) => Promise<T>) =>
		async (_actor: Actor, payload: unknown) =>
			run(await requireSocketModerator(ctx, socket), payload);

	socket.on(
		'comment:report',
		answer('comment:report', (actor, payload) => reportComment(ctx, actor, payload))
	);
	socket.on(
		'moderation:join',
		answer(
			'moderation:join',
			asModerator(async (_m, p) => {
				parseInput(moderationJoinSchema, p);
				await socket.join(MODERATORS_ROOM);
				return { counts: await countQueues(ctx.db, undefined) };
			})
		)
	);
	socket.on(
		'moderation:act',
		answer(
			'moderation:act',
			asModerator(async (m, p) => ({ item: await moderateComment(ctx, m, p) }))
		)
	);
	socket.on(
		'moderation:bulk',
		answer(
			'moderation:bulk',
			asModerator(async (m, p) => ({ items: await moderateComments(ctx, m, p) }))
		)
	);
	socket.on(
		'moderation:edit',
		answer(
			'moderation:edit',
			asModerator(async (m, p) => ({ item: await editCommentAsModerator(ctx, m, p) }))
		)
	);
	socket.on(
		'moderation:ban',
		answer(
			'moderation:ban',
			asModerator((m, p) => banCommenter(ctx, m, p))
		)
	);
	socket.on(
		'moderation:thread',
		answer(
			'moderation:thread',
			asModerator((m, p) => setThreadClosed(ctx, m, p))
		)
	);
}
