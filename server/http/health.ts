import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { AppContext } from '../context/app-context.ts';
import type { InFlight } from './in-flight.ts';

const CHECK_TIMEOUT_MS = 1000;

/**
 * /healthz: the process serves (the container healthcheck). /readyz: the database and Redis
 * (if configured) answer and the process is not shutting down (what a load balancer asks).
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
			(problems) => {
				const status = problems.length === 0 ? 200 : 503;
				res
					.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'no-store' })
					.end(problems.length === 0 ? 'ready' : problems.join('\n'));
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

async function checkReady(ctx: AppContext, inFlight: InFlight | null): Promise<string[]> {
	const problems: string[] = [];
	if (inFlight?.draining) problems.push('shutting down');
	try {
		await withTimeout(sql`select 1`.execute(ctx.db));
	} catch {
		problems.push('database unavailable');
	}
	if (ctx.redis) {
		try {
			await withTimeout(ctx.redis.ping());
		} catch {
			problems.push('redis unavailable');
		}
	}
	return problems;
}
