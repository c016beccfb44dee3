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
	/** Why the policy or the reports held it (002-moderation). */
	held_reason: string | null;
	/** The text as the duplicate check compares it, hashed (005-comment-text-key). */
	text_key: string | null;
}

export interface ReactionTable {
	comment_id: number;
	identity_id: string;
	emoji: string;
	created_at: string;
}

/** How many reactions of each emoji a comment has (004-reaction-counts); 0 rows stay. */
export interface ReactionCountTable {
	comment_id: number;
	emoji: string;
	total: number;
}

export interface EventTable {
	article_slug: string;
	id: number;
	type: string;
	comment_id: number | null;
	created_at: string;
}

/** An event about a held comment: replayed only to its writer and to the author (002). */
export interface PrivateEventTable {
	id: Generated<number>;
	article_slug: string;
	/** The article's public event id when it happened; the event is sent with this id. */
	after_event_id: number;
	identity_id: string;
	type: string;
	comment_id: number;
	created_at: string;
}

export interface AuthorTable {
	id: string;
	identity_id: string;
	email: string;
	display_name: string;
	password_hash: string;
	created_at: string;
	updated_at: string;
}

export interface BanTable {
	id: Generated<number>;
	identity_id: string | null;
	ip_hash: string | null;
	author_id: string | null;
	created_at: string;
}

export interface ReportTable {
	comment_id: number;
	identity_id: string;
	reason: string;
	ip_hash: string | null;
	resolved: number;
	created_at: string;
}

export interface ModerationSettingsTable {
	/** '*' for the whole site, or an article slug. */
	scope: string;
	data: string;
	updated_at: string;
}

export interface AuditLogTable {
	id: Generated<number>;
	author_id: string | null;
	via: 'dashboard' | 'mail' | 'system';
	action: string;
	comment_id: number | null;
	article_slug: string | null;
	identity_id: string | null;
	detail: string | null;
	created_at: string;
}

export type OutboxKind = 'author-comment' | 'author-digest' | 'verify-email' | 'reply';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'merged' | 'cancelled';

/** One mail to send, written in the transaction of the change that causes it. */
export interface OutboxTable {
	id: Generated<number>;
	kind: OutboxKind;
	to_address: string;
	/** Lower-cased address: the key of the per-recipient limit and of opt-outs. */
	recipient_key: string;
	identity_id: string | null;
	author_id: string | null;
	article_slug: string | null;
	payload: string;
	/** Rows sharing a key and still waiting are sent as one mail. */
	group_key: string | null;
	dedupe_key: string | null;
	origin: string;
	status: OutboxStatus;
	attempts: number;
	next_attempt_at: string;
	claimed_until: string | null;
	claimed_by: string | null;
	merged_into: number | null;
	last_error: string | null;
	created_at: string;
	sent_at: string | null;
}

export interface MailUsedTokenTable {
	jti: string;
	used_at: string;
	expires_at: string;
}

export interface MailOptOutTable {
	address: string;
	article_slug: string;
	created_at: string;
}

export type AuthorNotify = 'every' | 'held' | 'none';

export interface AuthorMailSettingsTable {
	author_id: string;
	notify: AuthorNotify;
	digest: number;
	updated_at: string;
}

export interface Database {
	articles: ArticleTable;
	identities: IdentityTable;
	sessions: SessionTable;
	comments: CommentTable;
	reactions: ReactionTable;
	reaction_counts: ReactionCountTable;
	events: EventTable;
	private_events: PrivateEventTable;
	authors: AuthorTable;
	bans: BanTable;
	reports: ReportTable;
	moderation_settings: ModerationSettingsTable;
	audit_log: AuditLogTable;
	outbox: OutboxTable;
	mail_used_tokens: MailUsedTokenTable;
	mail_opt_outs: MailOptOutTable;
	author_mail_settings: AuthorMailSettingsTable;
}

export type CommentRow = Selectable<CommentTable>;
export type NewComment = Insertable<CommentTable>;
export type IdentityRow = Selectable<IdentityTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuthorRow = Selectable<AuthorTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutbox = Insertable<OutboxTable>;
