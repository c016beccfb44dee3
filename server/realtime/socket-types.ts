import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../contract/events.ts';

export interface SocketData {
	identityId: string | null;
	sessionId: string | null;
	/** Set at the handshake from the session; moderation commands check the session again. */
	isAuthor: boolean;
	ipHash: string;
	articleSlug: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type FilServer = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type FilSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
