import { io, type Socket } from 'socket.io-client';
import type { Emoji } from '$contract/constants';
import type { Ack, ErrorPayload } from '$contract/errors';
import type { ClientToServerEvents, ServerToClientEvents } from '$contract/events';
import type { ThreadEvent } from '$contract/types';
import type { Posted } from './post-queue';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Command = keyof ClientToServerEvents;
export type Answer<C extends Command> = Parameters<Parameters<ClientToServerEvents[C]>[1]>[0];

export const OFFLINE: ErrorPayload = {
	code: 'UNAVAILABLE',
	message: 'La connexion est perdue. Réessayez dans un instant.'
};

/** What the link reports to the thread. */
export interface LinkListener {
	connected(): void;
	disconnected(): void;
	failed(): void;
	event(event: ThreadEvent): void;
	/** Fan-out between instances came back: what may have been lost is to be read again. */
	resync(): void;
	presence(e: { articleSlug: string; count: number }): void;
	mine(e: { articleSlug: string; commentId: number; mine: Emoji[] }): void;
}

/** The Socket.IO connection of an article page: events in, commands out with their answers. */
export class LiveLink {
	private socket: LiveSocket | null = null;

	get started(): boolean {
		return this.socket !== null;
	}

	start(listener: LinkListener): void {
		if (this.socket) return;
		const socket: LiveSocket = io({
			transports: ['websocket', 'polling'],
			tryAllTransports: true,
			autoConnect: false
		});
		this.socket = socket;
		socket.on('connect', () => listener.connected());
		socket.on('disconnect', (reason) => {
			listener.disconnected();
			if (reason === 'io server disconnect') socket.connect();
		});
		socket.on('connect_error', () => listener.failed());
		socket.on('comment:created', (e) => listener.event({ type: 'comment:created', ...e }));
		socket.on('comment:updated', (e) => listener.event({ type: 'comment:updated', ...e }));
		socket.on('comment:deleted', (e) => listener.event({ type: 'comment:deleted', ...e }));
		socket.on('reaction:updated', (e) => listener.event({ type: 'reaction:updated', ...e }));
		socket.on('thread:closed', (e) => listener.event({ type: 'thread:closed', ...e }));
		socket.on('thread:resync', () => listener.resync());
		socket.on('presence:updated', (e) => listener.presence(e));
		socket.on('reaction:mine', (e) => listener.mine(e));
		socket.connect();
	}

	stop(): void {
		this.socket?.disconnect();
		this.socket = null;
	}

	/** Connects again, so that the handshake carries a session cookie set since. */
	reconnect(): void {
		this.socket?.disconnect().connect();
	}

	/** Sends a command and waits for its answer; an error answer if the link is down. */
	request<C extends Command>(name: C, payload: unknown, timeoutMs = 10_000): Promise<Answer<C>> {
		return new Promise((resolve) => {
			const socket = this.socket;
			if (!socket?.connected) return resolve({ ok: false, error: OFFLINE } as Answer<C>);
			// The typed emit cannot see through the generic command name.
			const timed = socket.timeout(timeoutMs) as unknown as {
				emit(n: string, p: unknown, cb: (err: Error | null, a: Answer<C>) => void): void;
			};
			timed.emit(name, payload, (err, answer) =>
				resolve(err ? ({ ok: false, error: OFFLINE } as Answer<C>) : answer)
			);
		});
	}

	/** A post, without timeout: its answer may come on this connection or, resent, a later one. */
	post(payload: unknown, done: (ack: Posted) => void): void {
		this.socket?.emit('comment:post', payload, done);
	}
}

/** Binds this browser to a new identity (a session cookie); its id, or null on failure. */
export async function requestSession(): Promise<Ack<{ identityId: string }>> {
	try {
		const res = await fetch('/api/session', { method: 'POST' });
		return (await res.json()) as Ack<{ identityId: string }>;
	} catch {
		return { ok: false, error: OFFLINE };
	}
}
