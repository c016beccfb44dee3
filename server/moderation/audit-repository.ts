import type { Db } from '../db/database.ts';
import type { AuditEntry } from '../contract/moderation.ts';

export interface AuditInput {
	authorId: string | null;
	via: 'dashboard' | 'mail' | 'system';
	action: string;
	commentId?: number | null;
	articleSlug?: string | null;
	identityId?: string | null;
	detail?: string | null;
	now: string;
}

export async function insertAudit(trx: Db, a: AuditInput): Promise<void> {
	await trx
		.insertInto('audit_log')
		.values({
			author_id: a.authorId,
			via: a.via,
			action: a.action,
			comment_id: a.commentId ?? null,
			article_slug: a.articleSlug ?? null,
			identity_id: a.identityId ?? null,
			detail: a.detail ?? null,
			created_at: a.now
		})
		.execute();
}

export async function listAudit(
	db: Db,
	offset: number,
	limit: number
): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
	const rows = await db
		.selectFrom('audit_log')
		.leftJoin('authors', 'authors.id', 'audit_log.author_id')
		.select([
			'audit_log.id',
			'audit_log.created_at',
			'audit_log.via',
			'audit_log.action',
			'audit_log.comment_id',
			'audit_log.article_slug',
			'audit_log.detail',
			'authors.display_name'
		])
		.orderBy('audit_log.id', 'desc')
		.limit(limit + 1)
		.offset(offset)
		.execute();
	return {
		hasMore: rows.length > limit,
		entries: rows.slice(0, limit).map((r) => ({
			id: Number(r.id),
			at: r.created_at,
			who: r.display_name ?? (r.via === 'system' ? 'Fil (automatique)' : 'Auteur supprimé'),
			via: r.via,
			action: r.action,
			commentId: r.comment_id === null ? null : Number(r.comment_id),
			articleSlug: r.article_slug,
			detail: r.detail
		}))
	};
}
