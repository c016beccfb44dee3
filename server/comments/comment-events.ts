import type { AppContext } from '../context/app-context.ts';
import type { CommentRow } from '../db/schema.ts';
import type { ThreadEvent } from '../contract/types.ts';
import type { DomainEvent } from '../events/event-bus.ts';
import type { StoredEventType } from '../events/event-repository.ts';
import { appendCommentEvent } from '../events/private-event-repository.ts';
import { hydrateComment } from './comment-reader.ts';
import type { Reach } from './comment-status.ts';
import type { Db } from '../db/database.ts';
import { loadModerationItem } from './moderation-item.ts';

export interface PendingEvent {
	type: StoredEventType;
	eventId: number;
	row: CommentRow;
	reach: Exclude<Reach, { kind: 'none' }>;
}

/** Stores a thread event for the comment inside the transaction, unless no reader is concerned. */
export async function recordCommentEvent(
	trx: Db,
	type: StoredEventType,
	row: CommentRow,
	reach: Reach,
	now: string
): Promise<PendingEvent | null> {
	if (reach.kind === 'none') return null;
	const privateTo = reach.kind === 'private' ? reach.identityId : null;
	const eventId = await appendCommentEvent(trx, row.article_slug, type, row.id, now, privateTo);
	return { type, eventId, row, reach };
}

/** After commit: the readers' event, then the moderators' view of the comment. */
export async function publishAfterCommit(
	ctx: AppContext,
	pending: (PendingEvent | null)[],
	updatedIds: number[],
	moderatorType: 'moderation:updated' | 'moderation:queued' = 'moderation:updated'
): Promise<void> {
	for (const p of pending) {
		if (!p) continue;
		let event: ThreadEvent;
		if (p.type === 'comment:deleted') {
			event = {
				type: 'comment:deleted',
				eventId: p.eventId,
				articleSlug: p.row.article_slug,
				commentId: p.row.id
			};
		} else if (p.type === 'comment:created' || p.type === 'comment:updated') {
			event = { type: p.type, eventId: p.eventId, comment: await hydrateComment(ctx.db, p.row) };
		} else {
			continue;
		}
		const message: DomainEvent = { event, articleSlug: p.row.article_slug, audience: p.reach };
		ctx.bus.publish(message);
	}
	for (const id of updatedIds) {
		const item = await loadModerationItem(ctx, id);
		if (item) ctx.bus.publishDirect({ type: moderatorType, item });
	}
}
