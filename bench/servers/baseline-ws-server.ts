/**
 * The P1/P2 baseline: a bare `ws` server. A poster sends `{ seq, sentAt }`; the server builds
 * a frame of the size Fil sends for a comment (`frameBytes`, given by the harness) holding the
 * same fields, and sends it to every other client — the plain loop a ws user would write.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { answerMemoryRequests } from './bench-probe.ts';

const port = Number(process.env.PORT);
let frameBytes = 600;
const posters = new WeakSet<WebSocket>();

answerMemoryRequests();
process.on('SIGTERM', () => process.exit(0));
process.on('message', (m: { type?: string; frameBytes?: number }) => {
	if (m?.type === 'config' && m.frameBytes) frameBytes = m.frameBytes;
});

/** Same shape as Socket.IO's `42["comment:created",{…}]`, padded to `frameBytes`. */
function buildFrame(seq: number, sentAt: number): string {
	const head = `42["comment:created",{"eventId":${seq},"comment":{"body":"bench:${seq}:${sentAt}","pad":"`;
	const tail = '"}}]';
	const pad = Math.max(0, frameBytes - head.length - tail.length);
	return head + 'x'.repeat(pad) + tail;
}

const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
	if (req.url?.includes('poster')) posters.add(ws);
	ws.on('message', (data) => {
		const { seq, sentAt } = JSON.parse(String(data)) as { seq: number; sentAt: number };
		const frame = buildFrame(seq, sentAt);
		for (const client of wss.clients) {
			if (!posters.has(client)) client.send(frame);
		}
	});
});
wss.on('listening', () => process.send?.({ type: 'ready' }));
