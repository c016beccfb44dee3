import type { AppContext } from '../context/app-context.ts';
import { moderationBanSchema, moderationUnbanSchema } from '../contract/moderation.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { findCommentById } from '../comments/comment-repository.ts';
import { compareKeys } from '../db/lock-order.ts';
import { insertAudit } from './audit-repository.ts';
import { deleteBansOf, insertBan } from '../policy/ban-repository.ts';
import { publishAfterCommit, type PendingEvent } from '../comments/comment-events.ts';
import { applyAction } from './moderation-service.ts';
import { authoriseModerator, viaOf, type Moderator } from './moderator.ts';

/**
 * Bans the identity that wrote a comment (and, unless told otherwise, the hashed IP it wrote
 * from); optionally rejects everything it has published or has waiting, in the same transaction.
 */
export async function banCommenter(
	ctx: AppContext,
	moderator: Moderator,
	input: unknown
): Promise<{ rejected: number }> {
	const data = parseInput(moderationBanSchema, input);
	const author = await authoriseModerator(ctx, moderator);
	const row = await findCommentById(ctx.db, data.commentId);
	if (!row) throw new FilError('NOT_FOUND');
	if (row.is_author === 1) {
		throw new FilError('FORBIDDEN', { message: 'L’auteur ne peut pas être banni.' });
	}
	const via = viaOf(moderator);
	const now = new Date().toISOString();
	const { pending, touched } = await ctx.db.transaction().execute(async (trx) => {
		await insertBan(trx, {
			identity_id: row.identity_id,
			ip_hash: data.includeIp ? row.ip_hash : null,
			author_id: author.id,
			created_at: now
		});
		await insertAudit(trx, {
			authorId: author.id,
			via,
			action: 'ban',
			commentId: row.id,
			articleSlug: row.article_slug,
			identityId: row.identity_id,
			detail: [data.includeIp ? 'avec IP' : 'sans IP', data.rejectAll ? 'tout rejeté' : '']
				.filter(Boolean)
				.join(', '),
			now
		});
		const events: (PendingEvent | null)[] = [];
		const ids: number[] = [row.id];
		if (data.rejectAll) {
			const visible = await trx
				.selectFrom('comments')
				.selectAll()
				.where('identity_id', '=', row.identity_id)
				.where('status', 'in', ['published', 'held'])
				.orderBy('id')
				.$if(ctx.dbKind === 'postgres', (q) => q.forUpdate())
				.execute();
			// Locked in id order; their events written article by article in slug order, the
			// order in which a reaction batch takes articles (no deadlock with one).
			visible.sort((a, b) => compareKeys(a.article_slug, b.article_slug) || a.id - b.id);
			for (const c of visible) {
				const r = await applyAction(trx, c, 'reject', { authorId: author.id, via }, now);
				events.push(r.pending);
				if (c.id !== row.id) ids.push(c.id);
			}
		}
		return { pending: events, touched: ids };
	});
	await publishAfterCommit(ctx, pending, touched);
	return { rejected: pending.length };
}

/**
 * Lets a banned commenter write again (the identity and the addresses banned with it). Comments
 * rejected with the ban stay rejected: the author approves again what should come back.
 */
export async function unbanCommenter(
	ctx: AppContext,
	moderator: Moderator,
	input: unknown
): Promise<{ lifted: number }> {
	const data = parseInput(moderationUnbanSchema, input);
	const author = await authoriseModerator(ctx, moderator);
	const now = new Date().toISOString();
	const lifted = await ctx.db.transaction().execute(async (trx) => {
		const n = await deleteBansOf(trx, data.identityId, now);
		if (n === 0) return 0;
		await insertAudit(trx, {
			authorId: author.id,
			via: viaOf(moderator),
			action: 'unban',
			identityId: data.identityId,
			now
		});
		return n;
	});
	if (lifted === 0) throw new FilError('NOT_FOUND', { message: 'Ce lecteur n’est pas banni.' });
	return { lifted };
}
