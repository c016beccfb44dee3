import { randomUUID } from 'node:crypto';
import type { Ack } from '../../server/contract/errors.ts';
import type { PublicComment, ReactionState } from '../../server/contract/types.ts';
import { connectClient, createSessionCookie, emitAck, type TestSocket } from './socket-client.ts';

export const SLUG = 'cout-de-l-ia';

/** Posts a top-level comment through the socket and returns the acknowledgement. */
export function postComment(
	socket: TestSocket,
	body: string,
	extra: { parentId?: number | null; name?: string; slug?: string } = {}
): Promise<Ack<{ comment: PublicComment }>> {
	return emitAck<{ comment: PublicComment }>(socket, 'comment:post', {
		slug: extra.slug ?? SLUG,
		parentId: extra.parentId ?? null,
		body,
		name: extra.name ?? 'Lectrice',
		email: 'lectrice.privee@example.org',
		website: '',
		idempotencyKey: randomUUID()
	});
}

export function toggleReaction(
	socket: TestSocket,
	commentId: number,
	emoji = '👍'
): Promise<Ack<ReactionState>> {
	return emitAck<ReactionState>(socket, 'reaction:toggle', { commentId, emoji });
}

/**
 * A new reader with a session made on `url`, connected as if from `clientIp` behind one
 * trusted proxy (the server must run with TRUST_PROXY_HOPS=1 for the address to count).
 */
export async function connectReader(
	url: string,
	clientIp?: string,
	cookieUrl = url
): Promise<{ socket: TestSocket; cookie: string }> {
	const cookie = await createSessionCookie(cookieUrl);
	const socket = await connectClient(url, cookie, clientIp ? { 'x-forwarded-for': clientIp } : {});
	return { socket, cookie };
}

/** Whether a live child process is still running. */
export function isRunning(child: { exitCode: number | null; signalCode: string | null }): boolean {
	return child.exitCode === null && child.signalCode === null;
}
