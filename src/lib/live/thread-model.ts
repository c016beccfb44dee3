import type { PublicComment, ThreadEvent } from '$contract/types';

/**
 * What the page knows of a thread. Immutable: every change returns a new model, so the same
 * event applied twice, or an older one arriving late, leaves it as it was.
 */
export interface ThreadModel {
	comments: Record<number, PublicComment>;
	/** The event id that last set each comment (kept for deleted ones too). */
	versions: Record<number, number>;
	/** The event id that last set each comment's reaction counts. */
	reactionVersions: Record<number, number>;
	/**
	 * The last event id held in unbroken sequence: catch-up restarts from here, so an event
	 * lost while fan-out between instances was down is read again from the database.
	 */
	cursor: number;
	/** Event ids applied beyond a gap, waiting for the gap to fill. */
	ahead: readonly number[];
	closed: boolean;
	/** Published comments in the whole thread, loaded or not. */
	total: number;
}

export function createModel(
	comments: PublicComment[],
	cursor: number,
	closed: boolean,
	total: number
): ThreadModel {
	const byId: Record<number, PublicComment> = {};
	for (const c of comments) byId[c.id] = c;
	return { comments: byId, versions: {}, reactionVersions: {}, cursor, ahead: [], closed, total };
}

function published(c: PublicComment | undefined): number {
	return c?.status === 'published' ? 1 : 0;
}

function withComment(model: ThreadModel, comment: PublicComment, eventId: number): ThreadModel {
	const before = model.comments[comment.id];
	return {
		...model,
		comments: { ...model.comments, [comment.id]: comment },
		versions: eventId > 0 ? { ...model.versions, [comment.id]: eventId } : model.versions,
		total: Math.max(0, model.total + published(comment) - published(before))
	};
}

/**
 * A comment from an acknowledgement or a page of the thread. A page never replaces what an
 * event already set; an acknowledgement (the writer's own answer) always does.
 */
export function mergeComment(
	model: ThreadModel,
	comment: PublicComment,
	from: 'ack' | 'page'
): ThreadModel {
	if (from === 'page' && (model.comments[comment.id] || model.versions[comment.id])) return model;
	if (from === 'ack' && model.comments[comment.id]?.status === 'deleted') return model;
	return withComment(model, comment, 0);
}

function isStale(versions: Record<number, number>, id: number, eventId: number): boolean {
	return (versions[id] ?? 0) > eventId;
}

/** Moves the cursor over `eventId`, and over what was waiting behind it. */
export function advanceCursor(model: ThreadModel, eventId: number): ThreadModel {
	if (eventId <= model.cursor) return model;
	const ahead = [...model.ahead, eventId];
	let cursor = model.cursor;
	while (ahead.includes(cursor + 1)) cursor += 1;
	return { ...model, cursor, ahead: ahead.filter((id) => id > cursor) };
}

/** After a catch-up the server's cursor holds: everything up to it has been applied. */
export function settleCursor(model: ThreadModel, cursor: number): ThreadModel {
	if (cursor <= model.cursor) return model;
	return { ...model, cursor, ahead: model.ahead.filter((id) => id > cursor) };
}

/** Applies one event from a broadcast or a catch-up; idempotent, and order-proof per comment. */
export function applyEvent(model: ThreadModel, event: ThreadEvent): ThreadModel {
	// A private event repeats the public id it follows: the public event may still be missing.
	let next = 'private' in event && event.private ? model : advanceCursor(model, event.eventId);
	// A coalesced reaction update stands for the updates it replaced: they count as received.
	if (event.type === 'reaction:updated') {
		for (const id of event.supersedes ?? []) next = advanceCursor(next, id);
	}
	switch (event.type) {
		case 'comment:created':
		case 'comment:updated': {
			const { comment } = event;
			if (isStale(next.versions, comment.id, event.eventId)) return next;
			// An edit of a comment this page never loaded (a later page) is not shown out of place.
			if (event.type === 'comment:updated' && !next.comments[comment.id]) return next;
			return withComment(next, comment, event.eventId);
		}
		case 'comment:deleted': {
			const id = event.commentId;
			if (isStale(next.versions, id, event.eventId)) return next;
			const before = next.comments[id];
			const versions = { ...next.versions, [id]: event.eventId };
			if (!before) return { ...next, versions };
			const placeholder: PublicComment = {
				...before,
				status: 'deleted',
				body: '',
				author: { id: '', name: '', website: null, isAuthor: before.author.isAuthor },
				reactions: {}
			};
			return { ...withComment(next, placeholder, event.eventId), versions };
		}
		case 'reaction:updated': {
			const before = next.comments[event.commentId];
			if (!before || isStale(next.reactionVersions, event.commentId, event.eventId)) return next;
			return {
				...next,
				comments: { ...next.comments, [before.id]: { ...before, reactions: event.reactions } },
				reactionVersions: { ...next.reactionVersions, [before.id]: event.eventId }
			};
		}
		case 'thread:closed':
			return { ...next, closed: event.closed };
	}
}

/** Reaction counts from a toggle's acknowledgement. */
export function setReactions(
	model: ThreadModel,
	commentId: number,
	reactions: PublicComment['reactions']
): ThreadModel {
	const before = model.comments[commentId];
	if (!before) return model;
	return { ...model, comments: { ...model.comments, [commentId]: { ...before, reactions } } };
}
