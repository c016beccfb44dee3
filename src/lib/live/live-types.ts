import type { Emoji, Sort } from '$contract/constants';
import type { PublicComment } from '$contract/types';

/** The part of the article page's data the live thread starts from. */
export interface ThreadData {
	article: { slug: string };
	thread: {
		comments: PublicComment[];
		hasMore: boolean;
		nextOffset: number;
		sort: Sort;
		cursor: number;
		closed: boolean;
		total: number;
	};
	viewer: { identityId: string | null; reactions: Record<number, Emoji[]> };
	now: number;
}

export interface PostInput {
	idempotencyKey: string;
	parentId: number | null;
	body: string;
	name: string;
	email: string;
	website: string;
	notify: boolean;
}

/** A post not yet acknowledged, shown in the thread as pending. */
export interface PendingPost {
	key: string;
	parentId: number | null;
	name: string;
	body: string;
}

export type LinkState = 'idle' | 'connecting' | 'live' | 'reconnecting';

/** A fresh idempotency key; randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
	if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) {
		return crypto.randomUUID();
	}
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
