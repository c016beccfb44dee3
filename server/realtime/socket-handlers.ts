import type { AppContext, Actor } from '../context/app-context.ts';
import {
	articleRoom,
	heldCommentsRoom,
	identityArticleRoom,
	type COMMAND_NAMES
} from '../contract/events.ts';
import { buildErrorPayload, type Ack } from '../contract/errors.ts';
import { FilError, parseInput, toErrorPayload } from '../errors/fil-error.ts';
import { threadJoinSchema } from '../contract/schemas.ts';
import { postComment } from '../comments/comment-service.ts';
import { deleteOwnComment, editOwnComment } from '../comments/own-comment-service.ts';
import { toggleReaction } from '../reactions/reaction-service.ts';
import { reportComment } from '../moderation/report-service.ts';
import { fetchThreadPage, syncThread } from '../threads/thread-service.ts';
import type { InFlight } from '../http/in-flight.ts';
import { MODERATION_COMMANDS, type SocketCommand } from './moderation-socket.ts';
import { requireLiveAuthorSession } from './author-session.ts';
import type { FilSocket } from './socket-types.ts';

/** What the handlers of one server share; nothing of it is per socket. */
export interface SocketScope {
	ctx: AppContext;
	inFlight?: InFlight;
	announcePresence(slug: string): void;
}

type CommandName = (typeof COMMAND_NAMES)[number];
type Command = (scope: SocketScope, socket: FilSocket, actor: Actor, payload: unknown) => unknown;

async function joinThread(scope: SocketScope, socket: FilSocket, actor: Actor, payload: unknown) {
	const { ctx } = scope;
	const article = ctx.articles.get(parseInput(threadJoinSchema, payload).slug);
	if (!article) throw new FilError('NOT_FOUND');
	// The catalogue's string, shared by every reader of the article, not one copy per socket.
	const slug = article.slug;
	// Join the room before reading what was missed: an event committed in between then
	// arrives twice (harmless) rather than never.
	if (socket.data.articleSlug !== slug) {
		const previous = socket.data.articleSlug;
		// This command, not a disconnect meanwhile, now takes the socket off `previous`.
		socket.data.articleSlug = null;
		if (previous) {
			await socket.leave(articleRoom(previous));
			if (actor.identityId) await socket.leave(identityArticleRoom(actor.identityId, previous));
			if (socket.data.isAuthor) await socket.leave(heldCommentsRoom(previous));
			await ctx.presence.leave(previous);
			scope.announcePresence(previous);
		}
		// Gone meanwhile: nobody would ever take it off `slug`.
		if (!socket.connected) throw new FilError('UNAVAILABLE');
		socket.data.articleSlug = slug;
		// Counted in this same turn (the count moves before the first await inside): a
		// disconnect from here on finds the slug and takes the socket off again.
		await Promise.all([
			ctx.presence.join(slug),
			socket.join(articleRoom(slug)),
			// The writer's held comments on this article, and on no other.
			actor.identityId && socket.join(identityArticleRoom(actor.identityId, slug)),
			// The author's page shows every held comment of the article (the server renders them).
			socket.data.isAuthor && socket.join(heldCommentsRoom(slug))
		]);
		scope.announcePresence(slug);
	}
	const sync = await syncThread(ctx, actor, payload);
	return { ...sync, presence: await ctx.presence.count(slug) };
}

const withCtx =
	(command: SocketCommand): Command =>
	(scope, socket, actor, payload) =>
		command(scope.ctx, socket, actor, payload);

const moderation = Object.entries(MODERATION_COMMANDS) as [CommandName, SocketCommand][];

/** Every command of the contract, by name; a Map, so no inherited name is ever a command. */
const COMMANDS = new Map<string, Command>([
	...Object.entries({
		'thread:join': joinThread,
		'thread:page': ({ ctx }, _s, a, p) => fetchThreadPage(ctx, a, p),
		'comment:post': async ({ ctx }, _s, a, p) => ({ comment: await postComment(ctx, a, p) }),
		'comment:edit': async ({ ctx }, _s, a, p) => ({ comment: await editOwnComment(ctx, a, p) }),
		'comment:delete': ({ ctx }, _s, a, p) => deleteOwnComment(ctx, a, p),
		'reaction:toggle': ({ ctx }, _s, a, p) => toggleReaction(ctx, a, p),
		'comment:report': ({ ctx }, _s, a, p) => reportComment(ctx, a, p)
	} satisfies Record<Exclude<CommandName, keyof typeof MODERATION_COMMANDS>, Command>),
	...moderation.map(([name, command]) => [name, withCtx(command)] as const)
]);

async function runCommand(
	scope: SocketScope,
	socket: FilSocket,
	command: Command,
	args: unknown[]
): Promise<unknown> {
	if (args.length > 1) throw new FilError('VALIDATION_FAILED');
	if (socket.data.isAuthor) await requireLiveAuthorSession(scope.ctx, socket);
	const { identityId, ipHash } = socket.data;
	return command(scope, socket, { identityId, ipHash }, args[0]);
}

/**
 * The two listeners every socket gets, made once per server: each finds its socket as `this`,
 * so a socket costs two listener slots and no closure.
 *
 * Every command: the payload goes to a service; the answer, good or bad, goes to the ack (the
 * last argument). No payload reads as `undefined`; more than one is malformed. Without an ack
 * nothing runs: nobody would hear the answer. A name outside the contract is answered
 * NOT_FOUND. A command counts as in flight until answered, so a shutdown waits for it; once
 * draining, new commands are answered UNAVAILABLE at once.
 */
export function createSocketHandlers(scope: SocketScope) {
	const { ctx, inFlight } = scope;
	function onCommand(this: FilSocket, name: string, ...args: unknown[]): void {
		const ack = args.pop();
		// Socket.IO hands `onAny` the packets that arrive after the disconnect too.
		if (typeof ack !== 'function' || !this.connected) return;
		const reply = ack as (a: Ack<unknown>) => void;
		const command = COMMANDS.get(name);
		if (!command) return reply({ ok: false, error: buildErrorPayload('NOT_FOUND') });
		if (inFlight?.draining) return reply({ ok: false, error: buildErrorPayload('UNAVAILABLE') });
		const end = inFlight?.begin();
		runCommand(scope, this, command, args).then(
			(data) => {
				end?.();
				reply({ ok: true, data });
			},
			(error: unknown) => {
				end?.();
				const payloadError = toErrorPayload(error);
				if (payloadError.code === 'INTERNAL') {
					ctx.logger.error('socket command failed', { event: name, error: String(error) });
				}
				reply({ ok: false, error: payloadError });
			}
		);
	}
	function onDisconnect(this: FilSocket): void {
		const slug = this.data.articleSlug;
		if (!slug) return;
		this.data.articleSlug = null;
		ctx.presence.leave(slug).then(
			() => scope.announcePresence(slug),
			(error: unknown) => ctx.logger.warn('presence leave failed', { error: String(error) })
		);
	}
	return {
		attach(socket: FilSocket): void {
			// Socket.IO puts every socket in a room of its own id; nothing here sends to one
			// socket by id, and the room is a Set per socket in the adapter (P2).
			void socket.leave(socket.id);
			socket.onAny(onCommand);
			socket.on('disconnect', onDisconnect);
		}
	};
}
