import type { AppContext, Actor } from '../context/app-context.ts';
import { articleRoom, COMMAND_NAMES, identityArticleRoom } from '../contract/events.ts';
import { buildErrorPayload, type Ack } from '../contract/errors.ts';
import { FilError, parseInput, toErrorPayload } from '../errors/fil-error.ts';
import { threadJoinSchema } from '../contract/schemas.ts';
import { postComment, editOwnComment, deleteOwnComment } from '../comments/comment-service.ts';
import { toggleReaction } from '../reactions/reaction-service.ts';
import { fetchThreadPage, syncThread } from '../threads/thread-service.ts';
import type { FilSocket } from './socket-types.ts';
import { registerModerationHandlers } from '../moderation/moderation-socket.ts';

type Handler<T> = (actor: Actor, payload: unknown) => Promise<T>;

function actorOf(socket: FilSocket): Actor {
	return { identityId: socket.data.identityId, ipHash: socket.data.ipHash };
}

/**
 * Every command: the payload goes to a service; the answer, good or bad, goes to the ack (the
 * last argument). No payload reads as `undefined`; more than one is malformed. Without an ack
 * nothing runs: nobody would hear the answer.
 */
function answer<T>(ctx: AppContext, socket: FilSocket, name: string, handler: Handler<T>) {
	return (...args: unknown[]) => {
		const ack = args.pop();
		if (typeof ack !== 'function') return;
		const reply = ack as (a: Ack<T>) => void;
		const run =
			args.length > 1
				? Promise.reject(new FilError('VALIDATION_FAILED'))
				: handler(actorOf(socket), args[0]);
		run.then(
			(data) => reply({ ok: true, data }),
			(error: unknown) => {
				const payloadError = toErrorPayload(error);
				if (payloadError.code === 'INTERNAL') {
					ctx.logger.error('socket command failed', { event: name, error: String(error) });
				}
				reply({ ok: false, error: payloadError });
			}
		);
	};
}

export function registerSocketHandlers(
	ctx: AppContext,
	socket: FilSocket,
	onPresenceChange: (slug: string) => void
): void {
	socket.on(
		'thread:join',
		answer(ctx, socket, 'thread:join', async (actor, payload) => {
			const { slug } = parseInput(threadJoinSchema, payload);
			if (!ctx.articles.get(slug)) throw new FilError('NOT_FOUND');
			// Join the room before reading what was missed: an event committed in between then
			// arrives twice (harmless) rather than never.
			if (socket.data.articleSlug !== slug) {
				const previous = socket.data.articleSlug;
				if (previous) {
					await socket.leave(articleRoom(previous));
					if (actor.identityId) await socket.leave(identityArticleRoom(actor.identityId, previous));
					await ctx.presence.leave(previous);
					onPresenceChange(previous);
				}
				socket.data.articleSlug = slug;
				await socket.join(articleRoom(slug));
				// The writer's held comments on this article, and on no other.
				if (actor.identityId) await socket.join(identityArticleRoom(actor.identityId, slug));
				await ctx.presence.join(slug);
				onPresenceChange(slug);
			}
			const sync = await syncThread(ctx, actor, payload);
			return { ...sync, presence: await ctx.presence.count(slug) };
		})
	);
	socket.on(
		'thread:page',
		answer(ctx, socket, 'thread:page', (a, p) => fetchThreadPage(ctx, a, p))
	);
	socket.on(
		'comment:post',
		answer(ctx, socket, 'comment:post', async (a, p) => ({ comment: await postComment(ctx, a, p) }))
	);
	socket.on(
		'comment:edit',
		answer(ctx, socket, 'comment:edit', async (a, p) => ({
			comment: await editOwnComment(ctx, a, p)
		}))
	);
	socket.on(
		'comment:delete',
		answer(ctx, socket, 'comment:delete', (a, p) => deleteOwnComment(ctx, a, p))
	);
	socket.on(
		'reaction:toggle',
		answer(ctx, socket, 'reaction:toggle', (a, p) => toggleReaction(ctx, a, p))
	);

	registerModerationHandlers(ctx, socket, (name, handler) => answer(ctx, socket, name, handler));

	// Anything else that asks for an answer is told it is not part of the contract.
	socket.onAny((name: string, ...args: unknown[]) => {
		if ((COMMAND_NAMES as readonly string[]).includes(name)) return;
		const ack = args[args.length - 1];
		if (typeof ack === 'function') ack({ ok: false, error: buildErrorPayload('NOT_FOUND') });
	});

	socket.on('disconnect', () => {
		const slug = socket.data.articleSlug;
		if (!slug) return;
		socket.data.articleSlug = null;
		ctx.presence.leave(slug).then(
			() => onPresenceChange(slug),
			(error: unknown) => ctx.logger.warn('presence leave failed', { error: String(error) })
		);
	});
}
