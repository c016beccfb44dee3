import type { PublicComment } from '../../server/contract/types.ts';

/** A published comment with sensible defaults; override what a test is about. */
export function makeComment(id: number, over: Partial<PublicComment> = {}): PublicComment {
	return {
		id,
		articleSlug: 'cout-de-l-ia',
		parentId: null,
		replyTo: null,
		depth: 1,
		author: { id: `author-${id}`, name: `Nom ${id}`, website: null, isAuthor: false },
		body: `Texte ${id}`,
		status: 'published',
		pinned: false,
		createdAt: new Date(Date.UTC(2026, 0, 1, 0, id)).toISOString(),
		editedAt: null,
		editedByAuthor: false,
		reactions: {},
		...over
	};
}
