import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createSession,
	validateSessionToken,
	invalidateSession
} from '../../server/auth/session-service.ts';
import { hashSecret, parseSessionToken } from '../../server/auth/session-token.ts';
import type { Db } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import type { Database } from '../../server/db/schema.ts';
import { createAnonymousIdentity } from '../../server/identity/identity-service.ts';

let db: Db;

beforeEach(async () => {
	db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
	await migrateToLatest(db, 'sqlite');
});

afterEach(async () => {
	await db.destroy();
});

describe('sessions after Lucia’s design', () => {
	it('stores only a hash of the secret and validates the token', async () => {
		const identity = await createAnonymousIdentity(db);
		const { token } = await createSession(db, identity.id, 30);
		const parsed = parseSessionToken(token);
		expect(parsed).not.toBeNull();
		const row = await db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
		expect(row.secret_hash).toBe(hashSecret(parsed!.secret));
		expect(JSON.stringify(row)).not.toContain(parsed!.secret);
		expect((await validateSessionToken(db, token, 30))?.identityId).toBe(identity.id);
	});

	it('refuses a forged secret, a malformed token and an expired session', async () => {
		const identity = await createAnonymousIdentity(db);
		const { token } = await createSession(db, identity.id, 30);
		const [id] = token.split('.');
		expect(await validateSessionToken(db, `${id}.${'a'.repeat(32)}`, 30)).toBeNull();
		expect(await validateSessionToken(db, 'garbage', 30)).toBeNull();
		const later = new Date(Date.now() + 31 * 24 * 3600 * 1000);
		expect(await validateSessionToken(db, token, 30, later)).toBeNull();
		expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
	});

	it('slides the expiry forward when used in the second half of its life', async () => {
		const identity = await createAnonymousIdentity(db);
		const { token, expiresAt } = await createSession(db, identity.id, 30);
		const soon = await validateSessionToken(db, token, 30);
		expect(soon?.renewed).toBe(false);
		const day20 = new Date(Date.now() + 20 * 24 * 3600 * 1000);
		const renewed = await validateSessionToken(db, token, 30, day20);
		expect(renewed?.renewed).toBe(true);
		expect(renewed!.expiresAt.getTime()).toBeGreaterThan(expiresAt.getTime());
	});

	it('forgets an invalidated session', async () => {
		const identity = await createAnonymousIdentity(db);
		const { token } = await createSession(db, identity.id, 30);
		const session = await validateSessionToken(db, token, 30);
		await invalidateSession(db, session!.id);
		expect(await validateSessionToken(db, token, 30)).toBeNull();
	});
});
