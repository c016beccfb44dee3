import type { Db, DbKind } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import type { CommentRow, NewComment } from '../db/schema.ts';
import type { Sort } from '../contract/schemas.ts';
import { textKey } from '../policy/word-match.ts';
import { visibleTo, type Viewer } from './comment-visibility.ts';
import { orderThreads } from './thread-order.ts';

/** One page of threads: `limit` top-level comments from `offset`, in `sort` order. */
export interface ThreadPageRequest {
	sort: Sort;
	offset: number;
	limit: number;
}

type CommentValues = Required<Omit<NewComment, 'id'>>;

const insertRow = prepareQuery((db, p: CommentValues) =>
	db
		.insertInto('comments')
		.values({
			article_slug: p.article_slug,
			root_id: p.root_id,
			parent_id: p.parent_id,
			reply_to_id: p.reply_to_id,
			depth: p.depth,
			identity_id: p.identity_id,
			author_name: p.author_name,
			author_website: p.author_website,
			is_author: p.is_author,
			body: p.body,
			status: p.status,
			pinned: p.pinned,
			notify: p.notify,
			idempotency_key: p.idempotency_key,
			ip_hash: p.ip_hash,
			reaction_count: p.reaction_count,
			created_at: p.created_at,
			edited_at: p.edited_at,
			edited_by_author: p.edited_by_author,
			held_reason: p.held_reason,
			text_key: p.text_key
		})
		.returningAll()
);

export async function insertComment(
	trx: Db,
	row: Omit<CommentValues, 'text_key'>
): Promise<CommentRow> {
	const [inserted] = (await insertRow(trx, { ...row, text_key: textKey(row.body) })).rows;
	if (!inserted) throw new Error('comment insert returned no row');
	return inserted;
}

const selectById = prepareQuery((db, p: { id: number }) =>
	db.selectFrom('comments').selectAll().where('id', '=', p.id)
);

export async function findCommentById(db: Db, id: number): Promise<CommentRow | undefined> {
	return (await selectById(db, { id })).rows[0];
}

export async function findCommentsByIds(db: Db, ids: number[]): Promise<CommentRow[]> {
	if (ids.length === 0) return [];
	return db.selectFrom('comments').selectAll().where('id', 'in', ids).execute();
}

/**
 * Reads a comment inside a transaction and, on PostgreSQL, locks its row until commit, so two
 * decisions about it (reports, approvals) take turns. SQLite runs one transaction at a time.
 */
export async function lockCommentById(
	trx: Db,
	dbKind: DbKind,
	id: number
): Promise<CommentRow | undefined> {
	return trx
		.selectFrom('comments')
		.selectAll()
		.where('id', '=', id)
		.$if(dbKind === 'postgres', (q) => q.forUpdate())
		.executeTakeFirst();
}

/** Those of the comments a viewer may see (see `visibleTo`). */
export async function findVisibleCommentsByIds(
	db: Db,
	ids: number[],
	viewer: Viewer
): Promise<CommentRow[]> {
	if (ids.length === 0) return [];
	return db
		.selectFrom('comments')
		.selectAll()
		.where('id', 'in', ids)
		.where(visibleTo(viewer))
		.execute();
}

const selectByKey = prepareQuery((db, p: { identityId: string; key: string }) =>
	db
		.selectFrom('comments')
		.selectAll()
		.where('identity_id', '=', p.identityId)
		.where('idempotency_key', '=', p.key)
);

export async function findCommentByIdempotencyKey(
	db: Db,
	identityId: string,
	key: string
): Promise<CommentRow | undefined> {
	return (await selectByKey(db, { identityId, key })).rows[0];
}

export async function updateComment(
	trx: Db,
	id: number,
	changes: Partial<Omit<CommentRow, 'id'>>
): Promise<CommentRow> {
	const key = changes.body === undefined ? {} : { text_key: textKey(changes.body) };
	return trx
		.updateTable('comments')
		.set({ ...changes, ...key })
		.where('id', '=', id)
		.returningAll()
		.executeTakeFirstOrThrow();
}

/**
 * One page of threads (top-level comments) and, for each, every reply a viewer may see
 * (see `visibleTo`): published ones, placeholders, and held ones for their writer.
 */
export async function listThreadPage(
	db: Db,
	slug: string,
	page: ThreadPageRequest,
	viewer: Viewer
): Promise<{ rows: CommentRow[]; hasMore: boolean }> {
	const { sort, offset, limit } = page;
	const visible = visibleTo(viewer);
	const roots = db
		.selectFrom('comments')
		.selectAll()
		.where('article_slug', '=', slug)
		.where('parent_id', 'is', null)
		.where(visible);
	const rootRows = await orderThreads(roots, sort)
		.limit(limit + 1)
		.offset(offset)
		.execute();
	const hasMore = rootRows.length > limit;
	const shown = rootRows.slice(0, limit);
	if (shown.length === 0) return { rows: [], hasMore };
	const replies = await db
		.selectFrom('comments')
		.selectAll()
		.where(
			'root_id',
			'in',
			shown.map((r) => r.id)
		)
		.where(visible)
		.orderBy('id', 'asc')
		.execute();
	return { rows: [...shown, ...replies], hasMore };
}

export async function countPublishedComments(db: Db, slug: string): Promise<number> {
	const row = await db
		.selectFrom('comments')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('article_slug', '=', slug)
		.where('status', '=', 'published')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
