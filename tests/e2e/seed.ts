import { randomUUID } from 'node:crypto';
import type { PublicComment } from '../../server/contract/types.ts';
import { readerCookie } from '../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../helpers/socket-client.ts';

/** A commenter outside the browser, posting over the socket like the live client does. */
export interface Poster {
	post(body: string, parentId?: number | null): Promise<PublicComment>;
	edit(commentId: number, body: string): Promise<void>;
	remove(commentId: number): Promise<void>;
	close(): void;
}

export async function openPoster(baseURL: string, name = 'Paul Poster'): Promise<Poster> {
	const cookie = await readerCookie(baseURL);
	const socket: TestSocket = await connectAs(baseURL, cookie);
	return {
		async post(body, parentId = null) {
			const ack = await emitAck<{ comment: PublicComment }>(socket, 'comment:post', {
				slug: 'cout-de-l-ia',
				parentId,
				body,
				name,
				email: 'poster@example.org',
				website: '',
				notify: false,
				idempotencyKey: randomUUID()
			});
			if (!ack.ok) throw new Error(`post refused: ${ack.error.code}`);
			return ack.data.comment;
		},
		async edit(commentId, body) {
			const ack = await emitAck(socket, 'comment:edit', { commentId, body });
			if (!ack.ok) throw new Error(`edit refused: ${ack.error.code}`);
		},
		async remove(commentId) {
			const ack = await emitAck(socket, 'comment:delete', { commentId });
			if (!ack.ok) throw new Error(`delete refused: ${ack.error.code}`);
		},
		close: () => socket.close()
	};
}
