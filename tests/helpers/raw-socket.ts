import WebSocket from 'ws';

export interface RawOutcome {
	/** The server accepted the namespace connect, so the frames were sent at all. */
	connected: boolean;
	/** Frames written whole to the connection after the namespace connect. */
	delivered: number;
	/** Socket.IO packets the server sent after the namespace connect (acks, events). */
	packets: string[];
	/** The server closed the connection. */
	closed: boolean;
}

/**
 * A WebSocket speaking Engine.IO 4 / Socket.IO 5 by hand, to send frames no client library
 * would: connects to the main namespace, sends `frames`, and reports what came back within
 * `waitMs` (or until the server closes the connection).
 */
export function sendRawFrames(
	port: number,
	frames: (string | Buffer)[],
	options: { cookie?: string; waitMs?: number } = {}
): Promise<RawOutcome> {
	const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
		headers: options.cookie ? { cookie: options.cookie } : {}
	});
	const packets: string[] = [];
	let connected = false;
	let delivered = 0;
	return new Promise((resolve) => {
		let timer: NodeJS.Timeout | undefined;
		let done = false;
		const finish = (closed: boolean) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			ws.removeAllListeners();
			ws.on('error', () => {});
			if (!closed) ws.terminate();
			resolve({ connected, delivered, packets, closed });
		};
		ws.on('message', (data, isBinary) => {
			if (isBinary) return;
			const text = data.toString();
			if (text.startsWith('0')) ws.send('40');
			else if (text === '2') ws.send('3');
			else if (text.startsWith('40')) {
				connected = true;
				for (const frame of frames) ws.send(frame, (error) => (delivered += error ? 0 : 1));
				timer = setTimeout(() => finish(false), options.waitMs ?? 1000);
			} else packets.push(text);
		});
		ws.on('close', () => finish(true));
		ws.on('error', () => finish(true));
	});
}

/** The acknowledgement of a raw `42<id>[…]` frame: the payload of `43<id>[…]`, parsed. */
export function ackOf(outcome: RawOutcome, id: number): unknown {
	const prefix = `43${id}[`;
	const packet = outcome.packets.find((p) => p.startsWith(prefix));
	if (!packet) return undefined;
	return (JSON.parse(packet.slice(prefix.length - 1)) as unknown[])[0];
}
