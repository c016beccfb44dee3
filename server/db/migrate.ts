import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DbKind } from './database.ts';
import * as initial from './migrations/001-initial.ts';
import * as moderation from './migrations/002-moderation.ts';
import * as mail from './migrations/003-mail.ts';
import * as reactionCounts from './migrations/004-reaction-counts.ts';
import * as commentTextKey from './migrations/005-comment-text-key.ts';

type DialectMigration = { up(db: Kysely<unknown>, kind: DbKind): Promise<void> };

/** Migrations are listed here, in order; they never change once released. */
const MIGRATIONS: Record<string, DialectMigration> = {
	'001-initial': initial,
	'002-moderation': moderation,
	'003-mail': mail,
	'004-reaction-counts': reactionCounts,
	'005-comment-text-key': commentTextKey
};

/** The migrations this version knows, in order: a database that ran others is from a newer Fil. */
export const MIGRATION_NAMES = Object.keys(MIGRATIONS);

/** Any fixed number: instances starting together take turns on PostgreSQL. */
const PG_MIGRATION_LOCK = 7_314_001;

class StaticProvider implements MigrationProvider {
	constructor(private readonly kind: DbKind) {}
	async getMigrations(): Promise<Record<string, Migration>> {
		return Object.fromEntries(
			Object.entries(MIGRATIONS).map(([name, m]) => [
				name,
				{ up: (db: Kysely<unknown>) => m.up(db, this.kind) }
			])
		);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type AnyDb = Kysely<any>;

async function runMigrator(db: AnyDb, kind: DbKind, schema?: string): Promise<void> {
	// Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
	const migrator = new Migrator({
		db,
		provider: new StaticProvider(kind),
		migrationTableSchema: schema
	});
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
	}
}

/**
 * Applies pending migrations. On PostgreSQL several instances may start at once: a session
 * advisory lock makes them take turns, and each uses its own schema (DATABASE_SCHEMA, or the
 * connection's current schema).
 */
export async function migrateToLatest(db: AnyDb, kind: DbKind, schema?: string): Promise<void> {
	if (kind === 'sqlite') return runMigrator(db, kind);
	await db.connection().execute(async (conn) => {
		await sql`select pg_advisory_lock(${PG_MIGRATION_LOCK})`.execute(conn);
		try {
			if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(conn);
			const current = await sql<{ s: string }>`select current_schema() as s`.execute(conn);
			await runMigrator(db, kind, schema ?? current.rows[0]?.s ?? 'public');
		} finally {
			await sql`select pg_advisory_unlock(${PG_MIGRATION_LOCK})`.execute(conn);
		}
	});
}
