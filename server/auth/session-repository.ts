import type { Db } from '../db/database.ts';
import type { SessionRow } from '../db/schema.ts';

export async function insertSession(db: Db, row: SessionRow): Promise<void> {
	await db.insertInto('sessions').values(row).execute();
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
	return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSessionExpiry(db: Db, id: string, expiresAt: string): Promise<void> {
	await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** The sessions among `ids` that still exist and have not expired at `now`. */
export async function findLiveSessionIds(db: Db, ids: string[], now: Date): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	const rows = await db
		.selectFrom('sessions')
		.select('id')
		.where('id', 'in', ids)
		.where('expires_at', '>', now.toISOString())
		.execute();
	return new Set(rows.map((r) => r.id));
}

/** Deletes the sessions that expired before `now`; returns how many. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
	const result = await db
		.deleteFrom('sessions')
		.where('expires_at', '<=', now.toISOString())
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}
