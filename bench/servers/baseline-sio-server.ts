/**
 * A diagnostic baseline for P2: a bare Socket.IO server (no Fil code) whose sockets join one
 * room on `thread:join` — the floor Socket.IO itself sets per socket.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { answerMemoryRequests } from './bench-probe.ts';

answerMemoryRequests();
process.on('SIGTERM', () => process.exit(0));
const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
	socket.on('thread:join', (payload: { slug: string }, ack: (a: unknown) => void) => {
		void socket.join(`article:${payload.slug}`);
		ack({ ok: true, data: {} });
	});
});
http.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ type: 'ready' }));
