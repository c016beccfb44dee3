import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DbKind } from './database.ts';
import * as initial from './migrations/001-initial.ts';
import * as moderation from './migrations/002-moderation.ts';
import * as mail from './migrations/003-mail.ts';

type DialectMigration = { up(db: Kysely<unknown>, kind: DbKind): Promise<void> };

/** Migrations are listed here, in order; they never change once released. */
const MIGRATIONS: Record<string, DialectMigration> = {
	'001-initial': initial,
	'002-moderation': moderation,
	'003-mail': mail
};

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
export async function migrateToLatest(db: Kysely<any>, kind: DbKind): Promise<void> {
	const migrator = new Migrator({ db, provider: new StaticProvider(kind) });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
	}
}
