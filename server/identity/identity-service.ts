import type { Db } from '../db/database.ts';
import type { IdentityRow } from '../db/schema.ts';
import { generateRandomId } from '../auth/session-token.ts';
import { findIdentityById, insertIdentity, updateIdentity } from './identity-repository.ts';

/** A reader with no name yet: made on a first reaction or a first post. */
export async function createAnonymousIdentity(db: Db, now = new Date()): Promise<IdentityRow> {
	const iso = now.toISOString();
	const row: IdentityRow = {
		id: generateRandomId(10),
		kind: 'reader',
		name: null,
		email: null,
		website: null,
		email_verified: 0,
		banned: 0,
		created_at: iso,
		updated_at: iso
	};
	await insertIdentity(db, row);
	return row;
}

/** The name, address and site a commenter gave last; a new address must be verified again. */
export async function rememberCommenterProfile(
	db: Db,
	identity: IdentityRow,
	profile: { name: string; email: string; website: string | null },
	now: string
): Promise<void> {
	const emailChanged = identity.email?.toLowerCase() !== profile.email.toLowerCase();
	if (!emailChanged && identity.name === profile.name && identity.website === profile.website)
		return;
	await updateIdentity(db, identity.id, {
		name: profile.name,
		email: profile.email,
		website: profile.website,
		email_verified: emailChanged ? 0 : identity.email_verified,
		updated_at: now
	});
}

export interface CommenterProfile {
	name: string;
	email: string;
	website: string;
}

/** What the form prefills for this browser, and only for it. */
export async function loadCommenterProfile(
	db: Db,
	identityId: string | null
): Promise<CommenterProfile | null> {
	if (!identityId) return null;
	const row = await findIdentityById(db, identityId);
	if (!row || !row.name) return null;
	return { name: row.name, email: row.email ?? '', website: row.website ?? '' };
}
