import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { now } from './processes.ts';
import { SLUG } from './fil-instance.ts';

interface Ack {
	ok: boolean;
	data?: unknown;
	error?: { code: string };
}

/** A socket.io client with a session: posts comments whose body carries the send time. */
export class FilPoster {
	private constructor(private readonly socket: Socket) {}

	static async connect(url: string, cookie: string): Promise<FilPoster> {
		const socket = io(url, {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			extraHeaders: { cookie }
		});
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', () => resolve());
			socket.once('connect_error', reject);
		});
		return new FilPoster(socket);
	}

	emit<T = unknown>(event: string, payload: unknown, timeoutMs = 30_000): Promise<T> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), timeoutMs);
			this.socket.emit(event, payload, (ack: Ack) => {
				clearTimeout(timer);
				if (ack.ok) resolve(ack.data as T);
				else reject(new Error(`${event}: ${JSON.stringify(ack.error)}`));
			});
		});
	}

	/** Posts `bench:<seq>:<sentAt>`; resolves with the ack latency in ms. */
	async post(seq: number, slug = SLUG): Promise<number> {
		const sentAt = now();
		await this.emit('comment:post', {
			slug,
			body: `bench:${seq}:${sentAt}`,
			name: 'Banc d’essai',
			email: 'bench@example.org',
			idempotencyKey: `bench-${seq}-${Math.round(sentAt)}`
		});
		return now() - sentAt;
	}

	close(): void {
		this.socket.disconnect();
	}
}

/** The baseline's poster: a plain ws client sending `{ seq, sentAt }`. */
export class WsPoster {
	private constructor(private readonly ws: WebSocket) {}

	static async connect(url: string): Promise<WsPoster> {
		const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/?poster`);
		await new Promise<void>((resolve, reject) => {
			ws.once('open', () => resolve());
			ws.once('error', reject);
		});
		return new WsPoster(ws);
	}

	post(seq: number): void {
		this.ws.send(JSON.stringify({ seq, sentAt: now() }));
	}

	close(): void {
		this.ws.terminate();
	}
}
