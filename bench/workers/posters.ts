/**
 * Posting clients, one session each. `closed`: `lanes` posts always in flight for `seconds`,
 * each lane taking the sockets in turn (throughput). `open`: posts leave at a steady `rate` per second whatever the
 * answers (ack latency). Either way: acks counted, ack latencies recorded.
 */
import { io, type Socket } from 'socket.io-client';
import { Samples } from '../lib/samples.ts';
import { boundLifetime, inBatches, now, onCommand, reply } from './worker-kit.ts';

type Command =
	| { type: 'connect'; url: string; cookies: string[] }
	| { type: 'closed'; slug: string; seconds: number; lanes: number }
	| { type: 'open'; slug: string; seconds: number; rate: number }
	| { type: 'close' };

interface Ack {
	ok: boolean;
	error?: { code: string };
}

const sockets: Socket[] = [];
const tag = `${process.pid}`;
let seq = 0;

function post(socket: Socket, slug: string): Promise<{ ok: boolean; ms: number; error?: string }> {
	const sentAt = now();
	const n = ++seq;
	return new Promise((resolve) => {
		socket.emit(
			'comment:post',
			{
				slug,
				body: `bench:${n}:${sentAt}\nUn commentaire de charge, d’une longueur raisonnable pour un fil.`,
				name: `Lecteur ${tag}`,
				email: `lecteur-${tag}@example.org`,
				idempotencyKey: `p${tag}-${n}`
			},
			(ack: Ack) => resolve({ ok: ack.ok, ms: now() - sentAt, error: ack.error?.code })
		);
	});
}

async function runClosed(slug: string, seconds: number, laneCount: number) {
	const latencies = new Samples();
	const errors: Record<string, number> = {};
	const deadline = now() + seconds * 1000;
	let turn = 0;
	const lanes = Array.from({ length: laneCount }, async () => {
		while (now() < deadline) {
			const r = await post(sockets[turn++ % sockets.length], slug);
			if (r.ok) latencies.push(r.ms);
			else errors[r.error ?? '?'] = (errors[r.error ?? '?'] ?? 0) + 1;
		}
	});
	const started = now();
	await Promise.all(lanes);
	return { latencies: latencies.take(), errors, elapsedMs: now() - started };
}

async function runOpen(slug: string, seconds: number, rate: number) {
	const latencies = new Samples();
	const errors: Record<string, number> = {};
	const pending: Promise<void>[] = [];
	const started = now();
	const total = Math.round(rate * seconds);
	for (let i = 0; i < total; i++) {
		const due = started + (i * 1000) / rate;
		const wait = due - now();
		if (wait > 1) await new Promise((r) => setTimeout(r, wait));
		const socket = sockets[i % sockets.length];
		pending.push(
			post(socket, slug).then((r) => {
				if (r.ok) latencies.push(r.ms);
				else errors[r.error ?? '?'] = (errors[r.error ?? '?'] ?? 0) + 1;
			})
		);
	}
	await Promise.all(pending);
	return { latencies: latencies.take(), errors, elapsedMs: now() - started };
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
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			});
			sockets.push(socket);
		});
		reply({ type: 'connected', count: sockets.length });
	} else if (m.type === 'closed') {
		reply({ type: 'done', ...(await runClosed(m.slug, m.seconds, m.lanes)) });
	} else if (m.type === 'open') {
		reply({ type: 'done', ...(await runOpen(m.slug, m.seconds, m.rate)) });
	} else if (m.type === 'close') {
		for (const s of sockets) s.disconnect();
		setTimeout(() => process.exit(0), 100);
	}
});
reply({ type: 'ready' });
