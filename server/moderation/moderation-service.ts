import type { AppContext } from '../context/app-context.ts';
import type { CommentRow } from '../db/schema.ts';
import type { Db } from '../db/database.ts';
import {
	moderationActionSchema,
	moderationBulkSchema,
	moderationEditSchema,
	type ModerationAction,
	type ModerationItem
} from '../contract/moderation.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { findCommentById, lockCommentById, updateComment } from '../comments/comment-repository.ts';
import { insertAudit } from './audit-repository.ts';
import { loadModerationItem } from '../comments/moderation-item.ts';
import { reachOf } from '../comments/comment-status.ts';
import {
	publishAfterCommit,
	recordCommentEvent,
	type PendingEvent
} from '../comments/comment-events.ts';
import { authoriseModerator, viaOf, type Moderator } from './moderator.ts';
import { enqueueApprovalMails } from '../outbox/enqueue-comment-mails.ts';

export type { Moderator } from './moderator.ts';

type Plan = { changes: Partial<CommentRow>; event: 'created' | 'deleted' | 'updated' | null };

const DELETED_MESSAGE = 'Ce commentaire a été supprimé par son auteur.';

/** What an action changes on a comment in its current state; null when there is nothing to do. */
function planAction(row: CommentRow, action: ModerationAction): Plan | null {
	if (row.status === 'deleted' && action !== 'delete') {
		throw new FilError('NOT_FOUND', { message: DELETED_MESSAGE });
	}
	switch (action) {
		case 'approve':
			if (row.status === 'published') return { changes: {}, event: null };
			return { changes: { status: 'published', held_reason: null }, event: 'created' };
		case 'reject':
		case 'spam': {
			const status = action === 'reject' ? 'rejected' : 'spam';
			if (row.status === status) return null;
			return { changes: { status, pinned: 0 }, event: 'deleted' };
		}
		case 'delete':
			if (row.status === 'deleted') return null;
			return { changes: { status: 'deleted', pinned: 0 }, event: 'deleted' };
		case 'pin':
		case 'unpin': {
			if (row.status !== 'published') {
				throw new FilError('VALIDATION_FAILED', {
					message: 'Seul un commentaire publié peut être épinglé.'
				});
			}
			if (action === 'pin' && row.parent_id !== null) {
				throw new FilError('VALIDATION_FAILED', {
					message: 'Seul un commentaire de premier niveau peut être épinglé.'
				});
			}
			const pinned = action === 'pin' ? 1 : 0;
			if (row.pinned === pinned) return null;
			return { changes: { pinned }, event: 'updated' };
		}
	}
}

/** Applies one decision to one comment inside the caller's transaction. */
export async function applyAction(
	trx: Db,
	row: CommentRow,
	action: ModerationAction,
	audit: { authorId: string | null; via: 'dashboard' | 'mail' | 'system'; detail?: string },
	now: string
): Promise<{ pending: PendingEvent | null; changed: boolean }> {
	const plan = planAction(row, action);
	if (!plan) return { pending: null, changed: false };
	const updated = Object.keys(plan.changes).length
		? await updateComment(trx, row.id, plan.changes)
		: row;
	// Any decision on a comment answers the reports it had.
	await trx
		.updateTable('reports')
		.set({ resolved: 1 })
		.where('comment_id', '=', row.id)
		.where('resolved', '=', 0)
		.execute();
	let pending: PendingEvent | null = null;
	if (plan.event === 'created') {
		pending = await recordCommentEvent(trx, 'comment:created', updated, reachOf(updated), now);
	} else if (plan.event === 'deleted') {
		pending = await recordCommentEvent(trx, 'comment:deleted', row, reachOf(row), now);
	} else if (plan.event === 'updated') {
		pending = await recordCommentEvent(trx, 'comment:updated', updated, reachOf(updated), now);
	}
	await insertAudit(trx, {
		authorId: audit.authorId,
		via: audit.via,
		action,
		commentId: row.id,
		articleSlug: row.article_slug,
		identityId: row.identity_id,
		detail: audit.detail ?? null,
		now
	});
	return { pending, changed: true };
}

async function requireComment(ctx: AppContext, commentId: number): Promise<CommentRow> {
	const row = await findCommentById(ctx.db, commentId);
	if (!row) throw new FilError('NOT_FOUND');
	return row;
}

export interface DecisionOptions {
	/**
	 * Runs in the decision's transaction once the comment is locked, before the decision: an
	 * e-mail link spends its token there, and may refuse what the comment has become.
	 */
	before?: (trx: Db, current: CommentRow) => Promise<void>;
}

/**
 * The one way a moderation decision is written, from the dashboard or from an e-mail link:
 * validate, authorise, then one transaction (comment + event + audit), then publish.
 * `input` is `{ commentId, action }`, parsed here whoever calls.
 */
export async function moderateComment(
	ctx: AppContext,
	moderator: Moderator,
	input: unknown,
	options: DecisionOptions = {}
): Promise<ModerationItem> {
	const data = parseInput(moderationActionSchema, input);
	const author = await authoriseModerator(ctx, moderator);
	const row = await requireComment(ctx, data.commentId);
	const now = new Date().toISOString();
	const { pending, changed } = await ctx.db.transaction().execute(async (trx) => {
		// Read again and lock: two moderators (or a dashboard and a mail link) may act at once,
		// and only the first approval may publish it.
		const current = (await lockCommentById(trx, ctx.dbKind, row.id)) ?? row;
		await options.before?.(trx, current);
		const result = await applyAction(
			trx,
			current,
			data.action,
			{ authorId: author.id, via: viaOf(moderator) },
			now
		);
		// An approved reply is news for the people it answers: queued in this transaction.
		if (result.pending?.type === 'comment:created') {
			await enqueueApprovalMails(trx, ctx, result.pending.row);
		}
		return result;
	});
	if (changed) await publishAfterCommit(ctx, [pending], [row.id]);
	const item = await loadModerationItem(ctx, row.id);
	if (!item) throw new FilError('NOT_FOUND');
	return item;
}

/** "Approuver la sélection": each comment in its own decision; missing ones are skipped. */
export async function moderateComments(
	ctx: AppContext,
	moderator: Moderator,
	input: unknown
): Promise<ModerationItem[]> {
	const data = parseInput(moderationBulkSchema, input);
	await authoriseModerator(ctx, moderator);
	const items: ModerationItem[] = [];
	for (const commentId of new Set(data.commentIds)) {
		try {
			items.push(await moderateComment(ctx, moderator, { commentId, action: data.action }));
		} catch (error) {
			if (!(error instanceof FilError && error.code === 'NOT_FOUND')) throw error;
		}
	}
	return items;
}

/** The author rewrites a comment; readers see it marked "modifié par l'auteur". */
export async function editCommentAsModerator(
	ctx: AppContext,
	moderator: Moderator,
	input: unknown
): Promise<ModerationItem> {
	const data = parseInput(moderationEditSchema, input);
	const author = await authoriseModerator(ctx, moderator);
	const row = await requireComment(ctx, data.commentId);
	if (row.status === 'deleted') throw new FilError('NOT_FOUND', { message: DELETED_MESSAGE });
	if (row.body !== data.body) {
		const now = new Date().toISOString();
		const pending = await ctx.db.transaction().execute(async (trx) => {
			// Its state now, not before: a decision taken meanwhile says who sees the new text.
			const current = (await lockCommentById(trx, ctx.dbKind, row.id)) ?? row;
			if (current.status === 'deleted') {
				throw new FilError('NOT_FOUND', { message: DELETED_MESSAGE });
			}
			const updated = await updateComment(trx, row.id, {
				body: data.body,
				edited_at: now,
				edited_by_author: 1
			});
			await insertAudit(trx, {
				authorId: author.id,
				via: viaOf(moderator),
				action: 'edit',
				commentId: row.id,
				articleSlug: row.article_slug,
				identityId: row.identity_id,
				now
			});
			return recordCommentEvent(trx, 'comment:updated', updated, reachOf(updated), now);
		});
		await publishAfterCommit(ctx, [pending], [row.id]);
	}
	const item = await loadModerationItem(ctx, row.id);
	if (!item) throw new FilError('NOT_FOUND');
	return item;
}
