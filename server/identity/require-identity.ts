import type { Actor, AppContext } from '../context/app-context.ts';
import type { IdentityRow } from '../db/schema.ts';
import { FilError } from '../errors/fil-error.ts';
import { findIdentityById } from './identity-repository.ts';

/** The acting identity, for any reader's write: SESSION_REQUIRED without one, BANNED if banned. */
export async function requireIdentity(ctx: AppContext, actor: Actor): Promise<IdentityRow> {
	if (!actor.identityId) throw new FilError('SESSION_REQUIRED');
	const identity = await findIdentityById(ctx.db, actor.identityId);
	if (!identity) throw new FilError('SESSION_REQUIRED');
	if (identity.banned) throw new FilError('BANNED');
	return identity;
}
