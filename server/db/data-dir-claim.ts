import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Each process that opens a data directory's SQLite file leaves its pid there, so that a
 * restore can refuse to replace the file under a running instance. A crashed process leaves
 * its file behind; a pid that no longer runs counts for nothing.
 */
const CLAIMS = 'instances';

export function claimDataDir(dataDir: string): () => void {
	const folder = join(dataDir, CLAIMS);
	mkdirSync(folder, { recursive: true, mode: 0o700 });
	const file = join(folder, String(process.pid));
	writeFileSync(file, `${new Date().toISOString()}\n`, { mode: 0o600 });
	return () => rmSync(file, { force: true });
}

/** Pids of the live processes that have the data directory open (this one excepted). */
export function findProcessesUsing(dataDir: string): number[] {
	let names: string[];
	try {
		names = readdirSync(join(dataDir, CLAIMS));
	} catch {
		return [];
	}
	return names
		.map(Number)
		.filter((pid) => Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid));
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it runs, as another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
