import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Sort } from '../contract/constants.ts';
import type { Database } from '../db/schema.ts';

type OrderColumn = 'pinned' | 'reaction_count' | 'id';
type OrderKey = { column: OrderColumn; direction: 'asc' | 'desc' };

/** The one order of a thread's top-level comments: pinned first, then the reader's sort. */
const THREAD_ORDER: Record<Sort, readonly OrderKey[]> = {
	oldest: [
		{ column: 'pinned', direction: 'desc' },
		{ column: 'id', direction: 'asc' }
	],
	newest: [
		{ column: 'pinned', direction: 'desc' },
		{ column: 'id', direction: 'desc' }
	],
	reactions: [
		{ column: 'pinned', direction: 'desc' },
		{ column: 'reaction_count', direction: 'desc' },
		{ column: 'id', direction: 'asc' }
	]
};

export function orderThreads<O>(
	query: SelectQueryBuilder<Database, 'comments', O>,
	sort: Sort
): SelectQueryBuilder<Database, 'comments', O> {
	let ordered = query;
	for (const key of THREAD_ORDER[sort]) ordered = ordered.orderBy(key.column, key.direction);
	return ordered;
}

/** The comments that come at or before `root` in that order (the id, last key, is unique). */
export function atOrBefore(sort: Sort, root: Record<OrderColumn, number>) {
	return (eb: ExpressionBuilder<Database, 'comments'>): Expression<SqlBool> => {
		const keys = THREAD_ORDER[sort];
		const before = (k: OrderKey) =>
			eb(k.column, k.direction === 'desc' ? '>' : '<', root[k.column]);
		const alternatives = keys.map((key, i) =>
			eb.and([...keys.slice(0, i).map((k) => eb(k.column, '=', root[k.column])), before(key)])
		);
		alternatives.push(eb('id', '=', root.id));
		return eb.or(alternatives);
	};
}
