import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../server/contract/errors.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/contract/events.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A socket.io-client connected to the server, with the given session cookie if any, as if from
 * `ip` behind a proxy (it counts only when the server trusts one: TRUST_PROXY_HOPS).
 */
export async function connectAs(url: string, cookie?: string, ip?: string): Promise<TestSocket> {
	const extraHeaders: Record<string, string> = {};
	if (cookie) extraHeaders.cookie = cookie;
	if (ip) extraHeaders['x-forwarded-for'] = ip;
	const socket: TestSocket = io(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		extraHeaders
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (err) => reject(err));
	});
	return socket;
}

/** Emits a command and resolves with its acknowledgement. */
export function emitAck<T = unknown>(
	socket: TestSocket,
	event: keyof ClientToServerEvents,
	payload: unknown,
	timeoutMs = 5000
): Promise<Ack<T>> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), timeoutMs);
		(socket.emit as (e: string, p: unknown, cb: (a: Ack<T>) => void) => void)(
			event,
			payload,
			(ack) => {
				clearTimeout(timer);
				resolve(ack);
			}
		);
	});
}

/** Resolves with the first `event` whose payload satisfies `match`. */
export function waitForEvent<E extends keyof ServerToClientEvents>(
	socket: TestSocket,
	event: E,
	match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
	timeoutMs = 5000
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
	return new Promise((resolve, reject) => {
		const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
			if (!match(payload)) return;
			clearTimeout(timer);
			socket.off(event, listener as never);
			resolve(payload);
		};
		const timer = setTimeout(() => {
			socket.off(event, listener as never);
			reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
		}, timeoutMs);
		socket.on(event, listener as never);
	});
}

/** Every event a socket receives, in order, to look through afterwards. */
export function recordEvents(socket: TestSocket): { name: string; payload: unknown }[] {
	const seen: { name: string; payload: unknown }[] = [];
	socket.onAny((name: string, payload: unknown) => seen.push({ name, payload }));
	return seen;
}
