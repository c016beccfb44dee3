import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/config.ts';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

const PROTO_HEADER = 'x-forwarded-proto';

/** Answers a request before SvelteKit if it can (resolves true), e.g. from a cache. */
export type EarlyAnswer = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * The SvelteKit app as built by adapter-node (`npm run build`). adapter-node reads its settings
 * from the environment when loaded, and assumes https unless told the protocol: without ORIGIN
 * we tell it, from the connection itself or from the trusted proxy in front.
 */
export async function loadSvelteKitHandler(
	config: Config,
	early?: EarlyAnswer
): Promise<NodeHandler> {
	const url = new URL('../../build/handler.js', import.meta.url);
	if (!existsSync(fileURLToPath(url))) {
		throw new Error('build/handler.js is missing: run `npm run build` first (npm start does it).');
	}
	if (config.ORIGIN) process.env.ORIGIN = config.ORIGIN;
	else process.env.PROTOCOL_HEADER = PROTO_HEADER;
	const { handler } = (await import(url.href)) as { handler: NodeHandler };
	return (req, res, next) => {
		if (!config.ORIGIN && (config.TRUST_PROXY_HOPS === 0 || !req.headers[PROTO_HEADER])) {
			req.headers[PROTO_HEADER] =
				'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
		}
		if (!early) return handler(req, res, next);
		early(req, res).then(
			(answered) => {
				if (!answered) handler(req, res, next);
			},
			() => handler(req, res, next)
		);
	};
}
