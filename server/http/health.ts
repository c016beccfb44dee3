import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { AppContext } from '../context/app-context.ts';
import type { InFlight } from './in-flight.ts';

const CHECK_TIMEOUT_MS = 1000;

/**
 * /healthz: the process serves (the container healthcheck). /readyz: what a load balancer
 * asks: 503 when the instance cannot serve (database unavailable, shutting down); 200 while it
 * serves, saying what is degraded (Redis away: it serves its own readers alone).
 */
export function handleHealth(
	ctx: AppContext,
	inFlight: InFlight | null,
	req: IncomingMessage,
	res: ServerResponse
): boolean {
	const path = req.url?.split('?')[0];
	if (path === '/healthz') {
		res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		return true;
	}
	if (path === '/readyz') {
		checkReady(ctx, inFlight).then(
			({ blocking, degraded }) => {
				const status = blocking.length === 0 ? 200 : 503;
				const lines =
					blocking.length > 0
						? [...blocking, ...degraded]
						: [degraded.length === 0 ? 'ready' : 'ready, degraded:', ...degraded];
				res
					.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'no-store' })
					.end(lines.join('\n'));
			},
			() => res.writeHead(503).end('not ready')
		);
		return true;
	}
	return false;
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Readiness {
	/** Reasons the instance cannot serve: 503. */
	blocking: string[];
	/** What works less well while it serves: still 200. */
	degraded: string[];
}

async function checkReady(ctx: AppContext, inFlight: InFlight | null): Promise<Readiness> {
	const blocking: string[] = [];
	const degraded: string[] = [];
	if (inFlight?.draining) blocking.push('shutting down');
	try {
		await withTimeout(sql`select 1`.execute(ctx.db));
	} catch {
		blocking.push('database unavailable');
	}
	if (ctx.redis) {
		try {
			await withTimeout(ctx.redis.ping());
		} catch {
			degraded.push(
				'redis unavailable: this instance serves its own readers alone ' +
					'(no broadcasts from other instances, rate limits and presence per instance)'
			);
		}
	}
	return { blocking, degraded };
}
