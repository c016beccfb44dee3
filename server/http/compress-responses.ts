import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants } from 'node:zlib';
import compression from 'compression';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** A stream of events must reach the reader as written, not when a compressed block fills. */
function shouldCompress(req: IncomingMessage, res: ServerResponse): boolean {
	const type = String(res.getHeader('content-type') ?? '');
	if (type.startsWith('text/event-stream')) return false;
	return compression.filter(req as never, res as never);
}

// At its default quality 4, brotli makes a page larger than gzip does; 5 costs no more time.
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };

/**
 * Compresses what the app renders (pages, JSON, anything compressible without a precompressed
 * file) with brotli or gzip, as the request's Accept-Encoding asks, and sets `Vary`. Static
 * files answered from their .br or .gz carry a Content-Encoding already and pass untouched;
 * below 1 KB nothing is compressed. Engine.IO answers its own requests before this runs, and
 * WebSocket upgrades never reach it.
 */
export function createResponseCompressor(): Middleware {
	return compression({
		filter: shouldCompress,
		threshold: 1024,
		brotli: BROTLI
	}) as unknown as Middleware;
}
