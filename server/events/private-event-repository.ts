import type { Db } from '../db/database.ts';
import { appendEvent, type StoredEventType } from './event-repository.ts';

export interface StoredPrivateEvent {
	/** Sent as the event id: the public one it follows, so readers' sequence has no gap. */
	id: number;
	type: StoredEventType;
	comment_id: number;
}

/**
 * Records an event only its writer (and the author) may see, inside the caller's transaction.
 * It takes no id from the article's public sequence; it carries the current one.
 */
export async function appendPrivateEvent(
	trx: Db,
	slug: string,
	identityId: string,
	type: StoredEventType,
	commentId: number,
	now: string
): Promise<number> {
	const article = await trx
		.selectFrom('articles')
		.select('last_event_id')
		.where('slug', '=', slug)
		.executeTakeFirstOrThrow();
	const afterEventId = Number(article.last_event_id);
	await trx
		.insertInto('private_events')
		.values({
			article_slug: slug,
			after_event_id: afterEventId,
			identity_id: identityId,
			type,
			comment_id: commentId,
			created_at: now
		})
		.execute();
	return afterEventId;
}

/** The private events since a cursor: one identity's, or everyone's for the author. */
export async function listPrivateEventsSince(
	db: Db,
	slug: string,
	since: number,
	identityId: string | 'all',
	limit: number
): Promise<StoredPrivateEvent[]> {
	let q = db
		.selectFrom('private_events')
		.select(['after_event_id', 'type', 'comment_id'])
		.where('article_slug', '=', slug)
		.where('after_event_id', '>=', since);
	if (identityId !== 'all') q = q.where('identity_id', '=', identityId);
	const rows = await q.orderBy('after_event_id').orderBy('id').limit(limit).execute();
	return rows.map((r) => ({
		id: Number(r.after_event_id),
		type: r.type as StoredEventType,
		comment_id: Number(r.comment_id)
	}));
}

/** A comment's event: public, or private to `privateTo` (its writer) while the comment is held. */
export async function appendCommentEvent(
	trx: Db,
	slug: string,
	type: StoredEventType,
	commentId: number,
	now: string,
	privateTo: string | null
): Promise<number> {
	if (privateTo === null) return appendEvent(trx, slug, type, commentId, now);
	return appendPrivateEvent(trx, slug, privateTo, type, commentId, now);
}
