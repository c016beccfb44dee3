import { randomUUID } from 'node:crypto';
import type { Ack } from '../../server/contract/errors.ts';
import type { PublicComment, ReactionState, ThreadSync } from '../../server/contract/types.ts';
import { READER, SLUG } from './fixtures.ts';
import { readerCookie } from './site-http.ts';
import { connectAs, emitAck, type TestSocket } from './socket-client.ts';

/** What a reader does on the thread over its socket: post, react, join. */

/**
 * Posts a comment (top-level unless `extra.parentId`) as `READER` on `SLUG`, with a fresh
 * idempotency key; `extra` may replace any field.
 */
export function postComment(
	socket: TestSocket,
	body: string,
	extra: Record<string, unknown> = {}
): Promise<Ack<{ comment: PublicComment }>> {
	return emitAck<{ comment: PublicComment }>(socket, 'comment:post', {
		slug: SLUG,
		parentId: null,
		body,
		name: READER.name,
		email: READER.email,
		website: '',
		idempotencyKey: randomUUID(),
		...extra
	});
}

export function expectOk<T>(ack: Ack<T>): T {
	if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
	return ack.data;
}

/** What a post becomes: its status, or the error code that refused it. */
export async function postStatus(socket: TestSocket, body: string): Promise<string> {
	const ack = await postComment(socket, body);
	return ack.ok ? ack.data.comment.status : ack.error.code;
}

export function toggleReaction(
	socket: TestSocket,
	commentId: number,
	emoji = '👍'
): Promise<Ack<ReactionState>> {
	return emitAck<ReactionState>(socket, 'reaction:toggle', { commentId, emoji });
}

/** A socket of this session (cookie), joined to the article's thread. */
export async function joinWith(url: string, cookie: string, ip?: string): Promise<TestSocket> {
	const socket = await connectAs(url, cookie, ip);
	expectOk(await emitAck<ThreadSync>(socket, 'thread:join', { slug: SLUG, since: null }));
	return socket;
}

/** A reader with its own session from a given (forwarded) address, joined to the thread. */
export async function joinAsReader(
	url: string,
	ip: string
): Promise<{ socket: TestSocket; cookie: string }> {
	const cookie = await readerCookie(url, ip);
	return { socket: await joinWith(url, cookie, ip), cookie };
}

/**
 * A new reader with a session made on `cookieUrl`, connected to `url` as if from `clientIp`
 * behind one trusted proxy (the server must run with TRUST_PROXY_HOPS=1 for the address to count).
 */
export async function connectReader(
	url: string,
	clientIp?: string,
	cookieUrl = url
): Promise<{ socket: TestSocket; cookie: string }> {
	const cookie = await readerCookie(cookieUrl);
	const socket = await connectAs(url, cookie, clientIp);
	return { socket, cookie };
}

/** Whether a live child process is still running. */
export function isRunning(child: { exitCode: number | null; signalCode: string | null }): boolean {
	return child.exitCode === null && child.signalCode === null;
}
