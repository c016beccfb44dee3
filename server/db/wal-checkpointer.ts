import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** Pages in the WAL past which the connection checkpoints by itself if the worker is gone. */
const FALLBACK_AUTOCHECKPOINT = 1000;
/** WAL pages (4 KB) past which the app's connection truncates the WAL between transactions. */
const MAX_WAL_FRAMES = 16384;

// Plain JavaScript run with `eval`, so it works under tsx, Vite and plain Node alike.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
setInterval(() => {
	try {
		const [r] = db.pragma('wal_checkpoint(PASSIVE)');
		if (r && r.log >= workerData.maxFrames) parentPort.postMessage(r.log);
	} catch {}
}, workerData.everyMs);
`;

/**
 * A WAL checkpoint copies pages into the database file and syncs it: 20–40 ms on a busy
 * machine, every few hundred commits, and SQLite runs it inside the COMMIT that crosses the
 * threshold — on the event loop, in front of every acknowledgement waiting behind it. Here a
 * worker thread with its own connection checkpoints (PASSIVE: writers never wait for it)
 * every `everyMs`, and the main connection stops checkpointing by itself. Should the worker
 * die, the main connection takes the job back.
 */
export function startWalCheckpointer(
	sqlite: SQLite.Database,
	file: string,
	{ everyMs = 500, maxFrames = MAX_WAL_FRAMES }: { everyMs?: number; maxFrames?: number } = {}
) {
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { driver, file, everyMs, maxFrames }
	});
	worker.unref();
	sqlite.pragma('wal_autocheckpoint = 0');
	let stopped = false;
	const takeBack = () => {
		if (!stopped && sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT}`);
	};
	// Under a sustained write load the WAL is never fully folded in, so never restarted: past
	// the limit it is truncated, by this connection, between two of its transactions. From
	// the worker, a TRUNCATE could land between a transaction's read and its write, and SQLite
	// refuses that write at once (SQLITE_BUSY, no busy wait: waiting would deadlock). Busy
	// (the worker is checkpointing): the next message tries again.
	worker.on('message', () => {
		if (!stopped && sqlite.open && !sqlite.inTransaction) sqlite.pragma('wal_checkpoint(TRUNCATE)');
	});
	worker.on('error', takeBack);
	worker.on('exit', takeBack);
	return {
		stop: async () => {
			stopped = true;
			await worker.terminate();
		}
	};
}
