import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$contract/events';
import type { ModerationItem } from '$contract/moderation';

type ModerationSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ModerationListeners {
	onItem(item: ModerationItem, kind: 'queued' | 'updated'): void;
	onLive(live: boolean): void;
}

/**
 * The dashboard's live line: joins the moderators room (the server checks the author's
 * session again) and reports each new or changed comment. Returns the disconnect.
 */
export function connectModeration(listeners: ModerationListeners): () => void {
	const socket: ModerationSocket = io({ withCredentials: true });
	socket.on('connect', () => {
		socket.emit('moderation:join', {}, (ack) => listeners.onLive(ack.ok));
	});
	socket.on('disconnect', () => listeners.onLive(false));
	socket.on('moderation:queued', (e) => listeners.onItem(e.item, 'queued'));
	socket.on('moderation:updated', (e) => listeners.onItem(e.item, 'updated'));
	return () => socket.disconnect();
}
