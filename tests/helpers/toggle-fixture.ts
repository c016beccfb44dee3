import { insertComment } from '../../server/comments/comment-repository.ts';
import type { Db } from '../../server/db/database.ts';

export const NOW = '2026-11-28T12:00:00.000Z';
export const READERS = Array.from({ length: 30 }, (_, i) => `reader-${String(i).padStart(2, '0')}`);

/**
 * The articles named in `commentSlugs`, thirty readers, and one published comment (by the first
 * reader) per entry of `commentSlugs`, in that order: their ids.
 */
export async function seedToggleFixture(db: Db, commentSlugs: string[]): Promise<number[]> {
	for (const slug of new Set(commentSlugs)) {
		await db
			.insertInto('articles')
			.values({ slug, title: slug, closed: 0, last_event_id: 0, created_at: NOW })
			.execute();
	}
	await db
		.insertInto('identities')
		.values(
			READERS.map((id) => ({
				id,
				kind: 'reader' as const,
				name: id,
				email: null,
				website: null,
				email_verified: 0,
				banned: 0,
				created_at: NOW,
				updated_at: NOW
			}))
		)
		.execute();
	const ids: number[] = [];
	for (const [n, slug] of commentSlugs.entries()) {
		const row = await insertComment(db, {
			article_slug: slug,
			root_id: null,
			parent_id: null,
			reply_to_id: null,
			depth: 0,
			identity_id: READERS[0]!,
			author_name: 'reader',
			author_website: null,
			is_author: 0,
			body: `commentaire ${n}`,
			status: 'published',
			held_reason: null,
			pinned: 0,
			notify: 0,
			idempotency_key: `toggle-fixture-${n}`,
			ip_hash: null,
			reaction_count: 0,
			created_at: NOW,
			edited_at: null,
			edited_by_author: 0
		});
		ids.push(Number(row.id));
	}
	return ids;
}

/** What the rows say: per comment, per emoji; and whether both kept counts agree with them. */
export async function readReactionRows(db: Db, commentIds: number[]) {
	const rows = await db.selectFrom('reactions').select(['comment_id', 'emoji']).execute();
	const counts: Record<number, Record<string, number>> = {};
	for (const id of commentIds) counts[id] = {};
	for (const r of rows) counts[r.comment_id]![r.emoji] = (counts[r.comment_id]![r.emoji] ?? 0) + 1;
	const kept = await db
		.selectFrom('reaction_counts')
		.select(['comment_id', 'emoji', 'total'])
		.where('total', '>', 0)
		.execute();
	const keptCounts: Record<number, Record<string, number>> = {};
	for (const id of commentIds) keptCounts[id] = {};
	for (const r of kept) keptCounts[r.comment_id]![r.emoji] = Number(r.total);
	const columns = await db.selectFrom('comments').select(['id', 'reaction_count']).execute();
	const columnsAgree = columns.every(
		(c) =>
			Number(c.reaction_count) === Object.values(counts[c.id] ?? {}).reduce((sum, n) => sum + n, 0)
	);
	return { counts, keptCounts, columnsAgree };
}
