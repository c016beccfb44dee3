import type { AppContext } from '../context/app-context.ts';
import type { CommentRow } from '../db/schema.ts';
import type { HeldReason, ModerationItem, ReportReason } from '../contract/moderation.ts';
import { findCommentById, findCommentsByIds } from './comment-repository.ts';

function excerpt(text: string, max = 140): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? flat.slice(0, max - 1).trimEnd() + '…' : flat;
}

/** The author's view of comments: who wrote them (e-mail included), their record, reports. */
export async function toModerationItems(
	ctx: AppContext,
	rows: CommentRow[]
): Promise<ModerationItem[]> {
	if (rows.length === 0) return [];
	const db = ctx.db;
	const identityIds = [...new Set(rows.map((r) => r.identity_id))];
	const commentIds = rows.map((r) => r.id);
	const parentIds = [
		...new Set(rows.map((r) => r.reply_to_id ?? r.parent_id).filter((id) => id !== null))
	];
	const [identities, history, reports, parents] = await Promise.all([
		db
			.selectFrom('identities')
			.select(['id', 'email', 'banned'])
			.where('id', 'in', identityIds)
			.execute(),
		db
			.selectFrom('comments')
			.select(['identity_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
			.where('identity_id', 'in', identityIds)
			.where('status', 'in', ['published', 'rejected', 'spam'])
			.groupBy(['identity_id', 'status'])
			.execute(),
		db
			.selectFrom('reports')
			.select(['comment_id', 'reason'])
			.where('comment_id', 'in', commentIds)
			.where('resolved', '=', 0)
			.execute(),
		findCommentsByIds(db, parentIds)
	]);
	const identityById = new Map(identities.map((i) => [i.id, i]));
	const parentById = new Map(parents.map((p) => [p.id, p]));
	const counts = new Map<string, { approved: number; rejected: number }>();
	for (const h of history) {
		const c = counts.get(h.identity_id) ?? { approved: 0, rejected: 0 };
		if (h.status === 'published') c.approved += Number(h.n);
		else c.rejected += Number(h.n);
		counts.set(h.identity_id, c);
	}
	return rows.map((row) => {
		const identity = identityById.get(row.identity_id);
		const parentRow = parentById.get(row.reply_to_id ?? row.parent_id ?? -1);
		const reasons = reports.filter((r) => r.comment_id === row.id).map((r) => r.reason);
		return {
			id: row.id,
			articleSlug: row.article_slug,
			articleTitle: ctx.articles.get(row.article_slug)?.title ?? row.article_slug,
			parent: parentRow
				? { id: parentRow.id, name: parentRow.author_name, excerpt: excerpt(parentRow.body) }
				: null,
			status: row.status,
			heldReason: (row.held_reason as HeldReason | null) ?? null,
			pinned: row.pinned === 1,
			isAuthor: row.is_author === 1,
			body: row.body,
			name: row.author_name,
			email: identity?.email ?? null,
			website: row.author_website,
			identityId: row.identity_id,
			banned: identity?.banned === 1,
			history: counts.get(row.identity_id) ?? { approved: 0, rejected: 0 },
			reports: { count: reasons.length, reasons: reasons as ReportReason[] },
			createdAt: row.created_at,
			editedAt: row.edited_at,
			editedByAuthor: row.edited_by_author === 1
		};
	});
}

export async function loadModerationItem(
	ctx: AppContext,
	commentId: number
): Promise<ModerationItem | null> {
	const row = await findCommentById(ctx.db, commentId);
	if (!row) return null;
	const [item] = await toModerationItems(ctx, [row]);
	return item;
}
