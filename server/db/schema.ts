import type { Generated, Insertable, Selectable } from 'kysely';

/** Booleans are stored as 0/1 and timestamps as ISO-8601 text, so SQLite and PostgreSQL agree. */
export interface ArticleTable {
	slug: string;
	title: string;
	closed: number;
	last_event_id: number;
	created_at: string;
}

export interface IdentityTable {
	id: string;
	kind: 'reader' | 'author';
	name: string | null;
	email: string | null;
	website: string | null;
	email_verified: number;
	banned: number;
	created_at: string;
	updated_at: string;
}

export interface SessionTable {
	id: string;
	secret_hash: string;
	identity_id: string;
	created_at: string;
	expires_at: string;
}

export interface CommentTable {
	id: Generated<number>;
	article_slug: string;
	root_id: number | null;
	parent_id: number | null;
	reply_to_id: number | null;
	depth: number;
	identity_id: string;
	author_name: string;
	author_website: string | null;
	is_author: number;
	body: string;
	status: 'published' | 'held' | 'rejected' | 'spam' | 'deleted';
	pinned: number;
	notify: number;
	idempotency_key: string;
	ip_hash: string | null;
	reaction_count: number;
	created_at: string;
	edited_at: string | null;
	edited_by_author: number;
}

export interface ReactionTable {
	comment_id: number;
	identity_id: string;
	emoji: string;
	created_at: string;
}

export interface EventTable {
	article_slug: string;
	id: number;
	type: string;
	comment_id: number | null;
	created_at: string;
}

export interface Database {
	articles: ArticleTable;
	identities: IdentityTable;
	sessions: SessionTable;
	comments: CommentTable;
	reactions: ReactionTable;
	events: EventTable;
}

export type CommentRow = Selectable<CommentTable>;
export type NewComment = Insertable<CommentTable>;
export type IdentityRow = Selectable<IdentityTable>;
export type SessionRow = Selectable<SessionTable>;
