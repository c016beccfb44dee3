import type { AppContext, Actor } from '../context/app-context.ts';
import { commentDeleteSchema, commentEditSchema, LIMITS } from '../contract/schemas.ts';
import type { PublicComment } from '../contract/types.ts';
import type { Db } from '../db/database.ts';
import type { CommentRow } from '../db/schema.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { appendCommentEvent } from '../events/private-event-repository.ts';
import { isAuthorIdentity } from '../authors/author-repository.ts';
import { requireIdentity } from '../identity/require-identity.ts';
import { enqueueAuthorAlerts } from '../outbox/enqueue-comment-mails.ts';
import { decideEditHold } from '../policy/comment-policy.ts';
import { publishAfterCommit } from './comment-events.ts';
import { audienceOf, isGone } from './comment-status.ts';
import { hydrateComment } from './comment-reader.ts';
import { findCommentById, lockCommentById, updateComment } from './comment-repository.ts';

/** A writer's own comment, within 15 minutes of posting it: edited or deleted. */

async function requireOwnRecentComment(
	ctx: AppContext,
	actor: Actor,
	commentId: number
): Promise<CommentRow> {
	const identity = await requireIdentity(ctx, actor);
	const row = await findCommentById(ctx.db, commentId);
	if (!row || isGone(row.status)) throw new FilError('NOT_FOUND');
	if (row.identity_id !== identity.id) throw new FilError('FORBIDDEN');
	if (Date.now() - Date.parse(row.created_at) > LIMITS.editWindowMs) {
		throw new FilError('EDIT_WINDOW_OVER');
	}
	return row;
}

/**
 * The comment read again, and locked on PostgreSQL, inside the writer's transaction: the author
 * may have held, approved or rejected it since, and who is told follows its state now.
 */
async function lockOwnComment(trx: Db, ctx: AppContext, id: number): Promise<CommentRow> {
	const current = await lockCommentById(trx, ctx.dbKind, id);
	if (!current || isGone(current.status)) throw new FilError('NOT_FOUND');
	return current;
}

export async function editOwnComment(
	ctx: AppContext,
	actor: Actor,
	input: unknown
): Promise<PublicComment> {
	const data = parseInput(commentEditSchema, input);
	const row = await requireOwnRecentComment(ctx, actor, data.commentId);
	if (row.body === data.body) return hydrateComment(ctx.db, row);
	const identity = await requireIdentity(ctx, actor);
	const hold = await decideEditHold(ctx.db, {
		identity,
		isAuthor: await isAuthorIdentity(ctx.db, identity.id),
		slug: row.article_slug,
		body: data.body
	});
	const now = new Date().toISOString();
	const { before, updated, eventId, nowHeld } = await ctx.db.transaction().execute(async (trx) => {
		const current = await lockOwnComment(trx, ctx, row.id);
		// A published comment rewritten into something the policy holds leaves every reader's page.
		const held = hold !== null && current.status === 'published';
		const u = await updateComment(trx, row.id, {
			body: data.body,
			edited_at: now,
			...(held ? { status: 'held' as const, held_reason: hold } : {})
		});
		const privateTo = current.status === 'published' ? null : current.identity_id;
		const type = held ? 'comment:deleted' : 'comment:updated';
		const id = await appendCommentEvent(trx, row.article_slug, type, row.id, now, privateTo);
		// Its writer (other tabs) and the author see it held, under the same id, after.
		if (held) {
			const writer = current.identity_id;
			await appendCommentEvent(trx, row.article_slug, 'comment:updated', row.id, now, writer);
			await enqueueAuthorAlerts(trx, ctx, u);
		}
		return { before: current, updated: u, eventId: id, nowHeld: held };
	});
	const comment = await hydrateComment(ctx.db, updated);
	ctx.bus.publish({
		event: nowHeld
			? { type: 'comment:deleted', eventId, articleSlug: row.article_slug, commentId: row.id }
			: { type: 'comment:updated', eventId, comment },
		articleSlug: row.article_slug,
		audience: audienceOf(before)
	});
	if (nowHeld) {
		ctx.bus.publish({
			event: { type: 'comment:updated', eventId, comment },
			articleSlug: row.article_slug,
			audience: audienceOf(updated)
		});
	}
	if (updated.status === 'held') await publishAfterCommit(ctx, [], [row.id], 'moderation:queued');
	return comment;
}

export async function deleteOwnComment(
	ctx: AppContext,
	actor: Actor,
	input: unknown
): Promise<{ commentId: number }> {
	const data = parseInput(commentDeleteSchema, input);
	const row = await requireOwnRecentComment(ctx, actor, data.commentId);
	const now = new Date().toISOString();
	const { before, eventId } = await ctx.db.transaction().execute(async (trx) => {
		const current = await lockOwnComment(trx, ctx, row.id);
		await updateComment(trx, row.id, { status: 'deleted', edited_at: now });
		const privateTo = current.status === 'published' ? null : current.identity_id;
		const id = await appendCommentEvent(
			trx,
			row.article_slug,
			'comment:deleted',
			row.id,
			now,
			privateTo
		);
		return { before: current, eventId: id };
	});
	ctx.bus.publish({
		event: { type: 'comment:deleted', eventId, articleSlug: row.article_slug, commentId: row.id },
		articleSlug: row.article_slug,
		audience: audienceOf(before)
	});
	return { commentId: row.id };
}
