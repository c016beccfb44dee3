import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { LoadClient, startPacer } from '../../helpers/load-client.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { sleep } from '../../helpers/wait.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** `npm run backup` / `npm run restore -- FILE` as an operator runs them. */
function runCli(
	name: 'backup' | 'restore',
	dataDir: string,
	args: string[] = []
): Promise<{ code: number; out: string }> {
	return new Promise((done) => {
		execFile(
			process.execPath,
			['--import', 'tsx', `server/cli/${name}.ts`, ...args],
			{ cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' } },
			(error, stdout, stderr) =>
				done({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}`.trim() })
		);
	});
}

function commentIds(dataDir: string): Set<number> {
	const db = new SQLite(join(dataDir, 'fil.sqlite'), { readonly: true });
	try {
		return new Set(db.prepare('select id from comments').pluck().all() as number[]);
	} finally {
		db.close();
	}
}

const servers: FilServer[] = [];
const clients: LoadClient[] = [];
printLogsOnFailure(() => servers);

afterAll(async () => {
	for (const c of clients) c.close();
	for (const s of servers) await s.stop();
});

async function startLoad(server: FilServer, count: number): Promise<LoadClient[]> {
	const started: LoadClient[] = [];
	for (let i = 0; i < count; i++) {
		const cookie = await readerCookie(server.url);
		started.push(new LoadClient({ url: server.url, cookie, slug: SLUG, name: `Client ${i}` }));
	}
	clients.push(...started);
	await Promise.all(started.map((c) => c.waitFor('joined', () => c.isJoined)));
	return started;
}

const ackedIds = (of: LoadClient[]) => new Set(of.flatMap((c) => [...c.acked.values()]));

it('a backup taken under load holds every comment acknowledged before it began, and restores into a fresh folder', async () => {
	const server = await startFilServer();
	servers.push(server);
	const writers = await startLoad(server, 4);
	const pacer = startPacer(writers, 100);
	await sleep(1500);

	const before = ackedIds(writers);
	const backup = await runCli('backup', server.dataDir);
	const during = ackedIds(writers).size - before.size;
	await sleep(500);
	pacer.stop();
	await Promise.all(writers.map((c) => c.drained()));
	const all = ackedIds(writers);

	expect(backup.code, backup.out).toBe(0);
	const [file] = readdirSync(join(server.dataDir, 'backups'));
	expect(file).toMatch(/^fil-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/);
	const path = join(server.dataDir, 'backups', file);
	expect(backup.out).toContain(path);

	// A restore under a running instance is refused, and touches nothing.
	const refused = await runCli('restore', server.dataDir, [path]);
	expect(refused.code).toBe(1);
	expect(refused.out).toMatch(/Fil tourne encore/);
	expect(readdirSync(server.dataDir).filter((n) => n.startsWith('before-restore'))).toEqual([]);
	await server.stop();

	const fresh = mkdtempSync(join(tmpdir(), 'fil-restored-'));
	const restored = await runCli('restore', fresh, [path]);
	expect(restored.code, restored.out).toBe(0);
	const ids = commentIds(fresh);
	const missing = [...before].filter((id) => !ids.has(id));
	const unknown = [...ids].filter((id) => !all.has(id));
	console.log(
		`backup: ${before.size} acked before it began, ${during} acked while it ran, ` +
			`${ids.size} in the backup, ${all.size} acked in all`
	);
	expect(before.size).toBeGreaterThan(0);
	expect(during, 'posts went on while the backup ran').toBeGreaterThan(0);
	expect(missing).toEqual([]);
	expect(unknown).toEqual([]);

	// The restored folder serves, and new comments follow the restored ones.
	const again = await startFilServer({ dataDir: fresh });
	servers.push(again);
	const [writer] = await startLoad(again, 1);
	writer.post();
	await writer.drained();
	const [newId] = writer.acked.values();
	expect(newId).toBeGreaterThan(Math.max(...ids));
}, 120_000);

it('a file that is not a whole Fil database is refused before anything is replaced', async () => {
	const dataDir = mkdtempSync(join(tmpdir(), 'fil-restore-'));
	const server = await startFilServer({ dataDir });
	servers.push(server);
	await server.stop();
	const before = commentIds(dataDir);

	const damaged = join(dataDir, 'abime.sqlite');
	writeFileSync(damaged, 'SQLite format 3\0 mais rien de plus');
	const notOurs = join(dataDir, 'autre.sqlite');
	new SQLite(notOurs).exec('create table t (x)').close();

	for (const [file, message] of [
		[damaged, /n’est pas une sauvegarde de Fil|ne s’ouvre pas/],
		[notOurs, /n’est pas une sauvegarde de Fil/],
		[join(dataDir, 'absent.sqlite'), /introuvable/]
	] as const) {
		const result = await runCli('restore', dataDir, [file]);
		expect(result.code, file).toBe(1);
		expect(result.out).toMatch(message);
	}
	expect((await runCli('restore', dataDir)).out).toMatch(/Usage/);
	expect(existsSync(join(dataDir, 'fil.sqlite.restoring'))).toBe(false);
	expect(readdirSync(dataDir).filter((n) => n.startsWith('before-restore'))).toEqual([]);
	expect(commentIds(dataDir)).toEqual(before);
}, 60_000);
