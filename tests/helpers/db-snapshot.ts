import type { FilServer } from './fil-server.ts';
import { queryRows } from './server-db.ts';

/** Every row of every table of Fil's database, as sorted JSON lines per table. */
export async function snapshotDatabase(server: FilServer): Promise<Record<string, string[]>> {
	const tables = server.env.DATABASE_URL
		? await queryRows(
				server,
				"select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'"
			)
		: await queryRows(
				server,
				"select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
			);
	const snapshot: Record<string, string[]> = {};
	for (const { name } of tables) {
		const table = String(name);
		if (table.startsWith('kysely_')) continue;
		const rows = await queryRows(server, `select * from ${table}`);
		snapshot[table] = rows.map((r) => JSON.stringify(r)).sort();
	}
	return snapshot;
}

/** Row counts per table, for the one-line summaries and failure messages. */
export function rowCounts(snapshot: Record<string, string[]>): Record<string, number> {
	return Object.fromEntries(Object.entries(snapshot).map(([t, rows]) => [t, rows.length]));
}
