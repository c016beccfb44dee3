import type { Db } from '../db/database.ts';

export async function isBanned(
	db: Db,
	identityId: string,
	ipHash: string | null
): Promise<boolean> {
	const row = await db
		.selectFrom('bans')
		.select('id')
		.where((eb) => {
			const ors = [eb('identity_id', '=', identityId)];
			if (ipHash) ors.push(eb('ip_hash', '=', ipHash));
			return eb.or(ors);
		})
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}

export async function insertBan(
	trx: Db,
	row: { identity_id: string; ip_hash: string | null; author_id: string | null; created_at: string }
): Promise<void> {
	await trx.insertInto('bans').values(row).execute();
	await trx
		.updateTable('identities')
		.set({ banned: 1, updated_at: row.created_at })
		.where('id', '=', row.identity_id)
		.execute();
}
