import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { upsertArticle } from '../../server/articles/article-repository.ts';
import type { AppContext } from '../../server/context/app-context.ts';
import { openDatabase, type DatabaseHandle } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { PageCache } from '../../server/cache/page-cache.ts';
import { createLogger } from '../../server/log/logger.ts';
import { resolveAnonymous } from '../../src/lib/server/anonymous-page.ts';

const SLUG = 'la-ruee';
let dataDir: string;
let database: DatabaseHandle;
let ctx: AppContext;
let renders = 0;
let failNext = false;
let renderMs = 40;

/**
 * SvelteKit's render, stood in for, to time the edge cases of the wait: a render that fails, a
 * render that outlasts it. tests/integration/page-cache-herd.test.ts counts real renders.
 */
async function render(event: RequestEvent): Promise<Response> {
	renders += 1;
	await new Promise((r) => setTimeout(r, renderMs));
	if (failNext) {
		failNext = false;
		throw new Error('render failed');
	}
	const key = event.locals.pageKey;
	return new Response(
		`<form><input name="idempotencyKey" value="${key}"></form>` +
			`<script type="application/json" id="fil-island-data">{"key":"${key}"}</script>`,
		{ headers: { 'content-type': 'text/html' } }
	);
}

function load(): Promise<Response> {
	const url = new URL(`http://fil.test/articles/${SLUG}`);
	const event = { request: new Request(url), url, locals: { ctx } } as unknown as RequestEvent;
	return resolveAnonymous(event, render);
}

async function keysOf(responses: Response[]): Promise<string[]> {
	return Promise.all(responses.map(async (r) => /value="([^"]+)"/.exec(await r.text())![1]!));
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'fil-page-herd-'));
	database = openDatabase({ dataDir });
	await migrateToLatest(database.db, database.kind);
	await upsertArticle(database.db, SLUG, 'La ruée', new Date().toISOString());
	ctx = {
		db: database.db,
		pageCache: new PageCache(),
		logger: createLogger('silent')
	} as unknown as AppContext;
});

afterAll(async () => {
	await database?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

it('lets the waiting readers render for themselves when the render they waited for failed', async () => {
	await database.db
		.updateTable('articles')
		.set((eb) => ({ last_event_id: eb('last_event_id', '+', 1) }))
		.where('slug', '=', SLUG)
		.execute();
	const before = renders;
	failNext = true;
	const outcomes = await Promise.allSettled(Array.from({ length: 3 }, load));
	expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'fulfilled', 'rejected']);
	expect(renders - before).toBeGreaterThanOrEqual(2);
});

it('lets one more reader render, not all, when the render outlasts the 2 s wait', async () => {
	ctx.pageCache = new PageCache();
	renderMs = 2300;
	renders = 0;
	try {
		const responses = await Promise.all(Array.from({ length: 20 }, load));
		expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
		expect(new Set(await keysOf(responses)).size).toBe(20);
		// The first render, and the one of the first reader who saw it late; the others waited.
		expect(renders).toBe(2);
	} finally {
		renderMs = 40;
	}
});
