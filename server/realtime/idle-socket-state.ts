import type { FilSocket } from './socket-types.ts';

/**
 * Per-connection state that Socket.IO, Engine.IO and ws keep in a costlier form than an idle
 * socket needs (P2: heap per idle socket). Each change here keeps the libraries' behaviour:
 * same listeners, same arrays, same fields, only stored smaller. Runs once per socket, after
 * every listener of the connection is attached (see attachSocketServer).
 */

type Events = Record<string | symbol, unknown>;

interface Emitter {
	_events?: Events;
}

/** The private fields touched here, by their names in socket.io 4.8, engine.io 6.6, ws 8. */
interface Internals extends Emitter {
	acks: Map<number, unknown>;
	_anyListeners?: unknown[];
	client: { decoder: { opts: object; _callbacks?: Record<string, unknown[]> } };
	conn: Emitter & {
		cleanupFn: unknown[];
		transport: Emitter & { socket?: Emitter };
	};
}

/**
 * Fil never emits to a client with a callback (a server → client ack), so no socket needs an
 * acks Map of its own (~180 B each). They share this empty one, which refuses entries: a
 * future `socket.emit(…, callback)` or `io.timeout(…).emit(…, callback)` fails loudly instead
 * of mixing the acks of several sockets. Client → server acks (every command) do not use it.
 */
class NoAcks extends Map<number, unknown> {
	override set(): this {
		throw new Error('server → client acks are off in Fil: see idle-socket-state.ts');
	}
}

const NO_ACKS = new NoAcks();

/** socket.io-parser's default Decoder options, the same for every connection: shared. */
const DECODER_OPTS = Object.freeze({ reviver: undefined, maxAttachments: 10 });

/**
 * Node's EventEmitter keeps its listeners in a null-prototype literal, which V8 stores as a
 * dictionary (a hash table): 130–180 B more than the same keys in a fast-mode object. Node's
 * own streams avoid it (the TCP socket, ws's Receiver); the four plain emitters of a
 * connection (Socket.IO's and Engine.IO's sockets, the transport, ws's WebSocket) do not.
 * Same prototype (none), keys and listeners; a later removal `delete`s a key, which only turns
 * that object back into a dictionary.
 */
function compactListeners(emitter: Emitter | undefined): void {
	const events = emitter?._events;
	if (!emitter || !events || Object.getPrototypeOf(events) !== null) return;
	const fast = Object.setPrototypeOf({}, null) as Events;
	for (const key of Reflect.ownKeys(events)) fast[key] = events[key];
	emitter._events = fast;
}

/**
 * An array filled by `push` from empty keeps room for 17 entries (152 B) for its one entry.
 * Only for arrays that are not pushed to again while the socket is idle.
 */
function trimArray(array: unknown[]): unknown[] {
	return array.slice();
}

/** Shrinks what an idle connection keeps, once its listeners are all attached. */
export function compactIdleSocket(socket: FilSocket): void {
	const s = socket as unknown as Internals;
	if (s.acks.size === 0) s.acks = NO_ACKS;
	// Socket.IO: Fil's one onAny listener (socket-handlers.ts).
	if (s._anyListeners) s._anyListeners = trimArray(s._anyListeners);
	// socket.io-parser: the Client's one `decoded` listener, and default options.
	const decoder = s.client.decoder;
	const decoded = decoder._callbacks?.$decoded;
	if (decoder._callbacks && decoded) decoder._callbacks.$decoded = trimArray(decoded);
	const opts = decoder.opts as typeof DECODER_OPTS;
	const defaults =
		opts.reviver === undefined && opts.maxAttachments === DECODER_OPTS.maxAttachments;
	if (defaults && Object.keys(opts).length === 2) {
		decoder.opts = DECODER_OPTS;
	}
	// Engine.IO: one clean-up function per transport, run (shifted) on upgrade or close.
	s.conn.cleanupFn = trimArray(s.conn.cleanupFn);
	compactListeners(s);
	compactListeners(s.conn);
	compactListeners(s.conn.transport);
	compactListeners(s.conn.transport.socket);
}
