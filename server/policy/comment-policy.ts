import type { Db, DbKind } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { IdentityRow } from '../db/schema.ts';
import type { HeldReason } from '../contract/moderation.ts';
import { FilError } from '../errors/fil-error.ts';
import { isBanned } from './ban-repository.ts';
import { readEffectiveSettings } from './settings-repository.ts';
import { countLinks, findListedWord, textKey } from './word-match.ts';

const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

export type PolicyDecision =
	{ status: 'published'; heldReason: null } | { status: 'held'; heldReason: HeldReason };

export interface PolicyInput {
	identity: IdentityRow;
	/** See isAuthorIdentity: the author's comments are never held. */
	isAuthor: boolean;
	ipHash: string;
	slug: string;
	body: string;
	now?: Date;
}

/**
 * What happens to a new comment, decided before its transaction: refused (BANNED, DUPLICATE,
 * REJECTED), held for the author, or published. The author's own comments are never held.
 */
export async function decideCommentStatus(db: Db, input: PolicyInput): Promise<PolicyDecision> {
	const { identity, body } = input;
	if (input.isAuthor) return { status: 'published', heldReason: null };
	if (identity.banned || (await isBanned(db, identity.id, input.ipHash))) {
		throw new FilError('BANNED');
	}
	if (await hasRecentSameText(db, input, input.now ?? new Date())) {
		throw new FilError('DUPLICATE');
	}
	const settings = await readEffectiveSettings(db, input.slug);
	if (findListedWord(body, settings.bannedWords) !== null) throw new FilError('REJECTED');
	if (findListedWord(body, settings.suspectWords) !== null) return held('suspect');
	if (countLinks(body) > settings.maxLinks) return held('links');
	if (settings.preModeration === 'all') return held('all');
	if (settings.preModeration === 'first' && !(await hasApprovedComment(db, identity.id))) {
		return held('first');
	}
	return { status: 'published', heldReason: null };
}

const selectBanned = prepareQuery((db, p: { identityId: string }) =>
	db.selectFrom('identities').select('banned').where('id', '=', p.identityId)
);

const lockBanned = prepareQuery((db, p: { identityId: string }) =>
	db.selectFrom('identities').select('banned').where('id', '=', p.identityId).forUpdate()
);

/**
 * The ban check again, inside the comment's transaction: a ban may have committed since the
 * decision. On PostgreSQL the writer's row is locked (a ban updates it), so the two take
 * turns: the post sees the ban, or the ban's "reject all" sees the committed comment.
 */
export async function recheckBan(
	trx: Db,
	dbKind: DbKind,
	identityId: string,
	ipHash: string
): Promise<void> {
	const read = dbKind === 'postgres' ? lockBanned : selectBanned;
	const [row] = (await read(trx, { identityId })).rows;
	if (!row) throw new FilError('SESSION_REQUIRED');
	if (row.banned || (await isBanned(trx, identityId, ipHash))) throw new FilError('BANNED');
}

function held(reason: HeldReason): PolicyDecision {
	return { status: 'held', heldReason: reason };
}

const selectSameText = prepareQuery((db, p: { identityId: string; key: string; since: string }) =>
	db
		.selectFrom('comments')
		.select('id')
		.where('identity_id', '=', p.identityId)
		.where('text_key', '=', p.key)
		.where('created_at', '>=', p.since)
		.where('status', '!=', 'deleted')
		.limit(1)
);

const selectApproved = prepareQuery((db, p: { identityId: string }) =>
	db
		.selectFrom('comments')
		.select('id')
		.where('identity_id', '=', p.identityId)
		.where('status', '=', 'published')
		.limit(1)
);

async function hasRecentSameText(db: Db, input: PolicyInput, now: Date): Promise<boolean> {
	const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS).toISOString();
	const { rows } = await selectSameText(db, {
		identityId: input.identity.id,
		key: textKey(input.body),
		since
	});
	return rows.length > 0;
}

async function hasApprovedComment(db: Db, identityId: string): Promise<boolean> {
	return (await selectApproved(db, { identityId })).rows.length > 0;
}

/**
 * An edit is checked against the word lists and the link limit too, or a comment could be
 * published clean and rewritten into spam. Returns the reason to hold it, or null.
 */
export async function decideEditHold(
	db: Db,
	input: Omit<PolicyInput, 'ipHash' | 'now'>
): Promise<HeldReason | null> {
	if (input.isAuthor) return null;
	const settings = await readEffectiveSettings(db, input.slug);
	if (findListedWord(input.body, settings.bannedWords) !== null) throw new FilError('REJECTED');
	if (findListedWord(input.body, settings.suspectWords) !== null) return 'suspect';
	if (countLinks(input.body) > settings.maxLinks) return 'links';
	return null;
}
