/**
 * Reaction togglers, one session each, all in the article room. Each socket keeps `inflight`
 * toggles going on random (hot comment, emoji) pairs for `seconds`, and remembers:
 * - its own expected state: a toggle that was acknowledged flips the pair;
 * - the last `reaction:updated` it received for each comment (what its screen would show).
 */
import { io, type Socket } from 'socket.io-client';
import { Samples } from '../lib/samples.ts';
import { boundLifetime, inBatches, now, onCommand, reply } from './worker-kit.ts';

type Command =
	| { type: 'connect'; url: string; slug: string; cookies: string[] }
	| { type: 'run'; commentIds: number[]; emojis: string[]; seconds: number; inflight: number }
	| { type: 'report' }
	| { type: 'close' };

interface Client {
	socket: Socket;
	/** "commentId emoji" pairs this identity has on. */
	on: Set<string>;
	last: Map<number, { eventId: number; reactions: Record<string, number> }>;
	broadcasts: number;
}

const clients: Client[] = [];

function toggle(
	c: Client,
	commentId: number,
	emoji: string
): Promise<{ ok: boolean; ms: number; error?: string }> {
	const sentAt = now();
	return new Promise((resolve) => {
		c.socket.emit(
			'reaction:toggle',
			{ commentId, emoji },
			(ack: { ok: boolean; error?: { code: string } }) => {
				if (ack.ok) {
					const key = `${commentId} ${emoji}`;
					if (c.on.has(key)) c.on.delete(key);
					else c.on.add(key);
				}
				resolve({ ok: ack.ok, ms: now() - sentAt, error: ack.error?.code });
			}
		);
	});
}

async function run(commentIds: number[], emojis: string[], seconds: number, inflight: number) {
	const latencies = new Samples();
	const errors: Record<string, number> = {};
	const before = clients.reduce((s, c) => s + c.broadcasts, 0);
	const started = now();
	const deadline = started + seconds * 1000;
	await Promise.all(
		clients.flatMap((c) =>
			Array.from({ length: inflight }, async (_, lane) => {
				while (now() < deadline) {
					// Lanes of one client never share a pair, so its own flips stay ordered.
					const commentId = commentIds[Math.floor(Math.random() * commentIds.length)];
					const pick = emojis.filter((_, i) => i % inflight === lane);
					const emoji = pick[Math.floor(Math.random() * pick.length)];
					const r = await toggle(c, commentId, emoji);
					if (r.ok) latencies.push(r.ms);
					else errors[r.error ?? '?'] = (errors[r.error ?? '?'] ?? 0) + 1;
				}
			})
		)
	);
	const elapsedMs = now() - started;
	const broadcasts = clients.reduce((s, c) => s + c.broadcasts, 0) - before;
	return { latencies: latencies.take(), errors, elapsedMs, broadcasts };
}

boundLifetime();
onCommand<Command>(async (m) => {
	if (m.type === 'connect') {
		await inBatches(m.cookies, 20, async (cookie) => {
			const socket = io(m.url, {
				transports: ['websocket'],
				forceNew: true,
				reconnection: false,
				extraHeaders: { cookie }
			});
			const c: Client = { socket, on: new Set(), last: new Map(), broadcasts: 0 };
			socket.on(
				'reaction:updated',
				(e: { eventId: number; commentId: number; reactions: Record<string, number> }) => {
					c.broadcasts++;
					c.last.set(e.commentId, { eventId: e.eventId, reactions: e.reactions });
				}
			);
			await new Promise<void>((resolve, reject) => {
				socket.once('connect_error', reject);
				socket.once('connect', () =>
					socket.emit('thread:join', { slug: m.slug, since: null }, (ack: { ok: boolean }) =>
						ack.ok ? resolve() : reject(new Error('thread:join refused'))
					)
				);
			});
			clients.push(c);
		});
		reply({ type: 'connected', count: clients.length });
	} else if (m.type === 'run') {
		reply({ type: 'done', ...(await run(m.commentIds, m.emojis, m.seconds, m.inflight)) });
	} else if (m.type === 'report') {
		reply({
			type: 'report',
			on: clients.flatMap((c) => [...c.on]),
			last: clients.map((c) => Object.fromEntries(c.last))
		});
	} else if (m.type === 'close') {
		for (const c of clients) c.socket.disconnect();
		setTimeout(() => process.exit(0), 100);
	}
});
reply({ type: 'ready' });
