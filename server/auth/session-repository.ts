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
