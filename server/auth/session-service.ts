import type { Db } from '../db/database.ts';
import {
	deleteSession,
	findSession,
	insertSession,
	updateSessionExpiry
} from './session-repository.ts';
import {
	generateSessionToken,
	hashSecret,
	parseSessionToken,
	secretMatches
} from './session-token.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ValidSession {
	id: string;
	identityId: string;
	expiresAt: Date;
	/** Set when the expiry slid forward and the cookie should be written again. */
	renewed: boolean;
}

export async function createSession(
	db: Db,
	identityId: string,
	days: number,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const { id, secret, token } = generateSessionToken();
	const expiresAt = new Date(now.getTime() + days * DAY_MS);
	await insertSession(db, {
		id,
		secret_hash: hashSecret(secret),
		identity_id: identityId,
		created_at: now.toISOString(),
		expires_at: expiresAt.toISOString()
	});
	return { token, expiresAt };
}

/** Sliding expiry: a session used in the second half of its life is extended. */
export async function validateSessionToken(
	db: Db,
	token: string | undefined | null,
	days: number,
	now = new Date()
): Promise<ValidSession | null> {
	if (!token) return null;
	const parsed = parseSessionToken(token);
	if (!parsed) return null;
	const row = await findSession(db, parsed.id);
	if (!row || !secretMatches(parsed.secret, row.secret_hash)) return null;
	let expiresAt = new Date(row.expires_at);
	if (now >= expiresAt) {
		await deleteSession(db, row.id);
		return null;
	}
	let renewed = false;
	if (expiresAt.getTime() - now.getTime() < (days * DAY_MS) / 2) {
		expiresAt = new Date(now.getTime() + days * DAY_MS);
		await updateSessionExpiry(db, row.id, expiresAt.toISOString());
		renewed = true;
	}
	return { id: row.id, identityId: row.identity_id, expiresAt, renewed };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await deleteSession(db, sessionId);
}
