import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../contract/events.ts';

export interface SocketData {
	identityId: string | null;
	ipHash: string;
	articleSlug: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type FilServer = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type FilSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
