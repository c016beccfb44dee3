import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';

const selectBanOf = prepareQuery((db, p: { identityId: string }) =>
	db.selectFrom('bans').select('id').where('identity_id', '=', p.identityId).limit(1)
);

const selectBanOfEither = prepareQuery((db, p: { identityId: string; ipHash: string }) =>
	db
		.selectFrom('bans')
		.select('id')
		.where((eb) => eb.or([eb('identity_id', '=', p.identityId), eb('ip_hash', '=', p.ipHash)]))
		.limit(1)
);

export async function isBanned(
	db: Db,
	identityId: string,
	ipHash: string | null
): Promise<boolean> {
	const { rows } = ipHash
		? await selectBanOfEither(db, { identityId, ipHash })
		: await selectBanOf(db, { identityId });
	return rows.length > 0;
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

export interface BannedCommenter {
	identityId: string;
	name: string | null;
	email: string | null;
	/** Also refused by (hashed) address. */
	byAddress: boolean;
	since: string;
}

/** Everyone under a ban, newest first: one line per identity, whatever its number of bans. */
export async function listBannedCommenters(db: Db): Promise<BannedCommenter[]> {
	const rows = await db
		.selectFrom('bans')
		.innerJoin('identities', 'identities.id', 'bans.identity_id')
		.select((eb) => [
			'identities.id as identityId',
			'identities.name as name',
			'identities.email as email',
			eb.fn.max('bans.created_at').as('since'),
			eb.fn.count<number>('bans.ip_hash').as('addresses')
		])
		.groupBy(['identities.id', 'identities.name', 'identities.email'])
		.orderBy('since', 'desc')
		.execute();
	return rows.map((r) => ({
		identityId: r.identityId,
		name: r.name,
		email: r.email,
		byAddress: Number(r.addresses) > 0,
		since: r.since
	}));
}

/** Lifts every ban of the identity, its addresses' included. The number of bans lifted. */
export async function deleteBansOf(trx: Db, identityId: string, now: string): Promise<number> {
	const removed = await trx
		.deleteFrom('bans')
		.where('identity_id', '=', identityId)
		.executeTakeFirst();
	if (Number(removed.numDeletedRows) === 0) return 0;
	await trx
		.updateTable('identities')
		.set({ banned: 0, updated_at: now })
		.where('id', '=', identityId)
		.execute();
	return Number(removed.numDeletedRows);
}
