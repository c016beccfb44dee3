import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { AppContext } from '../context/app-context.ts';

/** /healthz: the process serves. /readyz: the database (and Redis, if any) answer too. */
export function handleHealth(ctx: AppContext, req: IncomingMessage, res: ServerResponse): boolean {
	const path = req.url?.split('?')[0];
	if (path === '/healthz') {
		res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		return true;
	}
	if (path === '/readyz') {
		checkReady(ctx).then(
			(problems) => {
				const status = problems.length === 0 ? 200 : 503;
				res
					.writeHead(status, { 'content-type': 'text/plain' })
					.end(problems.length === 0 ? 'ready' : problems.join('\n'));
			},
			() => res.writeHead(503).end('not ready')
		);
		return true;
	}
	return false;
}

async function checkReady(ctx: AppContext): Promise<string[]> {
	const problems: string[] = [];
	try {
		await sql`select 1`.execute(ctx.db);
	} catch {
		problems.push('database unavailable');
	}
	if (ctx.redis) {
		try {
			await Promise.race([
				ctx.redis.ping(),
				new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000))
			]);
		} catch {
			problems.push('redis unavailable');
		}
	}
	return problems;
}
