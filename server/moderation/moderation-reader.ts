import type { Db } from '../db/database.ts';
import type { CommentRow } from '../db/schema.ts';
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import { QUEUE_NAMES, type QueueCounts, type QueueName } from '../contract/moderation.ts';

export const QUEUE_PAGE_SIZE = 50;

function queueFilter(queue: QueueName) {
	return (eb: ExpressionBuilder<Database, 'comments'>) => {
		switch (queue) {
			case 'attente':
				return eb('status', '=', 'held');
			case 'signales':
				return eb.and([
					eb('status', 'in', ['published', 'held']),
					eb(
						'id',
						'in',
						eb.selectFrom('reports').select('reports.comment_id').where('reports.resolved', '=', 0)
					)
				]);
			case 'indesirables':
				return eb('status', '=', 'spam');
			case 'rejetes':
				return eb('status', '=', 'rejected');
			case 'tous':
				return eb.lit(true);
		}
	};
}

export async function listQueue(
	db: Db,
	queue: QueueName,
	slug: string | undefined,
	offset: number,
	limit = QUEUE_PAGE_SIZE
): Promise<{ rows: CommentRow[]; hasMore: boolean }> {
	let q = db.selectFrom('comments').selectAll().where(queueFilter(queue));
	if (slug) q = q.where('article_slug', '=', slug);
	const rows = await q
		.orderBy('id', 'desc')
		.limit(limit + 1)
		.offset(offset)
		.execute();
	return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function countQueues(db: Db, slug: string | undefined): Promise<QueueCounts> {
	const entries = await Promise.all(
		QUEUE_NAMES.map(async (queue) => {
			let q = db
				.selectFrom('comments')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where(queueFilter(queue));
			if (slug) q = q.where('article_slug', '=', slug);
			const row = await q.executeTakeFirstOrThrow();
			return [queue, Number(row.n)] as const;
		})
	);
	return Object.fromEntries(entries) as QueueCounts;
}
