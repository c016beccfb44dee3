import type { Db, DbKind } from '../db/database.ts';
import type { NewOutbox, OutboxKind, OutboxRow } from '../db/schema.ts';

export type NewMail = Omit<
	NewOutbox,
	| 'id'
	| 'status'
	| 'attempts'
	| 'claimed_until'
	| 'claimed_by'
	| 'merged_into'
	| 'last_error'
	| 'sent_at'
	| 'recipient_key'
>;

export function recipientKey(address: string): string {
	return address.trim().toLowerCase();
}

/**
 * Written inside the caller's transaction; a dedupe key already taken means "already queued",
 * unless that mail was cancelled (its comment was held when it came due): queued again, it
 * waits anew, as the caller says.
 */
export async function insertOutbox(trx: Db, mail: NewMail): Promise<void> {
	await trx
		.insertInto('outbox')
		.values({
			...mail,
			recipient_key: recipientKey(mail.to_address),
			status: 'pending',
			attempts: 0
		})
		.onConflict((oc) =>
			oc
				.column('dedupe_key')
				.doUpdateSet((eb) => ({
					status: 'pending',
					attempts: 0,
					last_error: null,
					merged_into: null,
					claimed_by: null,
					claimed_until: null,
					to_address: eb.ref('excluded.to_address'),
					recipient_key: eb.ref('excluded.recipient_key'),
					next_attempt_at: eb.ref('excluded.next_attempt_at')
				}))
				.where('outbox.status', '=', 'cancelled')
		)
		.execute();
}

/**
 * Takes up to `limit` due rows: waiting ones whose time has come, and rows whose sender's lease
 * ran out (it crashed). PostgreSQL skips rows another instance is claiming; SQLite has one writer.
 */
export async function claimDueMail(
	db: Db,
	kind: DbKind,
	workerId: string,
	now: Date,
	leaseMs: number,
	limit: number
): Promise<OutboxRow[]> {
	const iso = now.toISOString();
	let due = db
		.selectFrom('outbox')
		.select('id')
		.where((eb) =>
			eb.or([
				eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', iso)]),
				eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', iso)])
			])
		)
		.orderBy('next_attempt_at')
		.orderBy('id')
		.limit(limit);
	if (kind === 'postgres') due = due.forUpdate().skipLocked();
	const rows = await db
		.updateTable('outbox')
		.set((eb) => ({
			status: 'sending',
			claimed_by: workerId,
			claimed_until: new Date(now.getTime() + leaseMs).toISOString(),
			attempts: eb('attempts', '+', 1)
		}))
		.where('id', 'in', due)
		.returningAll()
		.execute();
	return rows.sort((a, b) => a.id - b.id);
}

/** Still ours? Another instance may have taken it over after our lease ran out. */
export async function isStillClaimed(db: Db, id: number, workerId: string): Promise<boolean> {
	const row = await db
		.selectFrom('outbox')
		.select('id')
		.where('id', '=', id)
		.where('status', '=', 'sending')
		.where('claimed_by', '=', workerId)
		.executeTakeFirst();
	return row !== undefined;
}

/** Folds the other waiting rows of the group into this one: one mail for all of them. */
export async function mergeGroupInto(db: Db, main: OutboxRow, workerId: string): Promise<void> {
	if (!main.group_key) return;
	await db
		.updateTable('outbox')
		.set({ status: 'merged', merged_into: main.id, claimed_until: null, claimed_by: null })
		.where('group_key', '=', main.group_key)
		.where('id', '!=', main.id)
		.where((eb) =>
			eb.or([
				eb('status', '=', 'pending'),
				eb.and([eb('status', '=', 'sending'), eb('claimed_by', '=', workerId)])
			])
		)
		.execute();
	// What was folded earlier into the rows folded now comes along: a mail carries all of it.
	const folded = db.selectFrom('outbox as f').select('f.id').where('f.merged_into', '=', main.id);
	await db
		.updateTable('outbox')
		.set({ merged_into: main.id })
		.where('merged_into', 'in', folded)
		.execute();
}

/** The payloads this mail carries: its own and those merged into it, oldest first. */
export async function listCarriedPayloads(db: Db, main: OutboxRow): Promise<string[]> {
	const merged = await db
		.selectFrom('outbox')
		.select(['id', 'payload'])
		.where('merged_into', '=', main.id)
		.orderBy('id')
		.execute();
	return [main.payload, ...merged.map((r) => r.payload)];
}

export async function markSent(db: Db, id: number, now: Date): Promise<void> {
	await db
		.updateTable('outbox')
		.set({ status: 'sent', sent_at: now.toISOString(), claimed_until: null, last_error: null })
		.where('id', '=', id)
		.execute();
}

export async function markCancelled(db: Db, id: number, reason: string): Promise<void> {
	await db
		.updateTable('outbox')
		.set({ status: 'cancelled', claimed_until: null, last_error: reason })
		.where('id', '=', id)
		.execute();
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
	await db
		.updateTable('outbox')
		.set({ status: 'failed', claimed_until: null, last_error: error })
		.where('id', '=', id)
		.execute();
}

export async function scheduleRetry(db: Db, id: number, at: Date, error: string): Promise<void> {
	await db
		.updateTable('outbox')
		.set({
			status: 'pending',
			next_attempt_at: at.toISOString(),
			claimed_until: null,
			claimed_by: null,
			last_error: error
		})
		.where('id', '=', id)
		.execute();
}

/** Puts a claimed row back without counting the claim as an attempt (it was never tried). */
export async function postpone(db: Db, id: number, at: Date): Promise<void> {
	await db
		.updateTable('outbox')
		.set((eb) => ({
			status: 'pending',
			next_attempt_at: at.toISOString(),
			claimed_until: null,
			claimed_by: null,
			attempts: eb('attempts', '-', 1)
		}))
		.where('id', '=', id)
		.execute();
}

/** Send times of mails to this address within the window, oldest first. */
export async function listRecentSendTimes(
	db: Db,
	key: string,
	since: Date,
	limit: number
): Promise<string[]> {
	const rows = await db
		.selectFrom('outbox')
		.select('sent_at')
		.where('recipient_key', '=', key)
		.where('status', '=', 'sent')
		.where('sent_at', '>', since.toISOString())
		.orderBy('sent_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => r.sent_at ?? '').reverse();
}

export async function countRecentMails(
	db: Db,
	kind: OutboxKind,
	key: string,
	since: Date
): Promise<{ total: number; waiting: number }> {
	const rows = await db
		.selectFrom('outbox')
		.select(['status'])
		.where('kind', '=', kind)
		.where('recipient_key', '=', key)
		.where('created_at', '>', since.toISOString())
		.execute();
	return {
		total: rows.length,
		waiting: rows.filter((r) => r.status === 'pending' || r.status === 'sending').length
	};
}

export async function findOutboxById(db: Db, id: number): Promise<OutboxRow | undefined> {
	return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listFailedMail(db: Db, limit = 100): Promise<OutboxRow[]> {
	return db
		.selectFrom('outbox')
		.selectAll()
		.where('status', '=', 'failed')
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}

/** "Renvoyer": a failed mail goes back in the queue with a fresh set of attempts. */
export async function requeueFailed(db: Db, id: number, now: Date): Promise<boolean> {
	const result = await db
		.updateTable('outbox')
		.set({
			status: 'pending',
			attempts: 0,
			next_attempt_at: now.toISOString(),
			claimed_until: null,
			claimed_by: null
		})
		.where('id', '=', id)
		.where('status', '=', 'failed')
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}
