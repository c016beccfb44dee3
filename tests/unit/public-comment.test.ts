import { describe, expect, it } from 'vitest';
import type { CommentRow } from '../../server/db/schema.ts';
import { toPublicComment } from '../../server/comments/public-comment.ts';

function row(over: Partial<CommentRow> = {}): CommentRow {
	return {
		id: 7,
		article_slug: 'cout-de-l-ia',
		root_id: 1,
		parent_id: 1,
		reply_to_id: null,
		depth: 2,
		identity_id: 'identite-secrete',
		author_name: 'Ève Intruse',
		author_website: 'https://eve.example.org',
		is_author: 0,
		body: 'Un texte refusé',
		status: 'published',
		held_reason: null,
		text_key: null,
		pinned: 0,
		notify: 1,
		idempotency_key: 'cle',
		ip_hash: 'empreinte',
		reaction_count: 2,
		created_at: '2026-01-01T00:00:00Z',
		edited_at: null,
		edited_by_author: 0,
		...over
	};
}

describe('toPublicComment', () => {
	it.each(['rejected', 'spam', 'deleted'] as const)(
		'turns a %s comment into a bare placeholder, never a published one',
		(status) => {
			const c = toPublicComment(row({ status }), { '👍': 2 }, null);
			expect(c).toMatchObject({
				id: 7,
				parentId: 1,
				status: 'deleted',
				body: '',
				author: { id: '', name: '', website: null },
				reactions: {}
			});
			expect(JSON.stringify(c)).not.toMatch(/Ève|refusé|eve\.example|identite-secrete/);
		}
	);

	it('keeps a published or held comment whole', () => {
		expect(toPublicComment(row(), {}, null)).toMatchObject({
			status: 'published',
			body: 'Un texte refusé',
			author: { id: 'identite-secrete', name: 'Ève Intruse' }
		});
		expect(toPublicComment(row({ status: 'held' }), {}, null).status).toBe('held');
	});
});
