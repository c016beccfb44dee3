import { z } from 'zod';
import { bodySchema, commentIdSchema, emailSchema, slugSchema } from './schemas.ts';
import {
	MODERATION_ACTIONS,
	REPORT_REASONS,
	QUEUE_NAMES,
	PASSWORD_MIN,
	PRE_MODERATION,
	type ReportReason,
	type QueueName,
	type PreModeration,
	type HeldReason
} from './moderation-constants.ts';

export * from './moderation-constants.ts';

/** What the author can do to one comment; the mail helper's confirmation pages use it too. */

/** The dashboard joins the moderators' room with an empty object. */
export const moderationJoinSchema = z.strictObject({});

export const moderationActionSchema = z.strictObject({
	commentId: commentIdSchema,
	action: z.enum(MODERATION_ACTIONS, { error: 'Action inconnue.' })
});
export type ModerationActionInput = z.output<typeof moderationActionSchema>;

export const moderationBulkSchema = z.strictObject({
	commentIds: z
		.array(commentIdSchema)
		.min(1, { error: 'Sélectionnez au moins un commentaire.' })
		.max(200),
	action: z.literal('approve', { error: 'Action inconnue.' })
});

export const moderationEditSchema = z.strictObject({
	commentId: commentIdSchema,
	body: bodySchema
});

export const moderationBanSchema = z.strictObject({
	commentId: commentIdSchema,
	includeIp: z.boolean().default(true),
	rejectAll: z.boolean().default(false)
});
export type ModerationBanInput = z.output<typeof moderationBanSchema>;

export const moderationUnbanSchema = z.strictObject({
	identityId: z.string().regex(/^[a-z0-9]{1,64}$/, { error: 'Lecteur inconnu.' })
});

export const threadCloseSchema = z.strictObject({ slug: slugSchema, closed: z.boolean() });

export const commentReportSchema = z.strictObject({
	commentId: commentIdSchema,
	reason: z.enum(Object.keys(REPORT_REASONS) as [ReportReason, ...ReportReason[]], {
		error: 'Choisissez une raison.'
	})
});
export type CommentReportInput = z.output<typeof commentReportSchema>;

/** The dashboard's query string: ?file=…&article=…&page=… (wrong values fall back). */
export const queueQuerySchema = z.object({
	file: z.enum(QUEUE_NAMES).catch('attente').default('attente'),
	article: slugSchema.optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1)
});
export type QueueQuery = z.output<typeof queueQuerySchema>;

export const signInSchema = z.strictObject({
	email: emailSchema,
	password: z.string({ error: 'Indiquez votre mot de passe.' }).min(1, {
		error: 'Indiquez votre mot de passe.'
	})
});

export const newPasswordSchema = z
	.string()
	.min(PASSWORD_MIN, {
		error: `Le mot de passe doit compter au moins ${PASSWORD_MIN} caractères.`
	})
	.max(512, { error: 'Ce mot de passe est trop long.' });

const preModerationSchema = z.enum(
	Object.keys(PRE_MODERATION) as [PreModeration, ...PreModeration[]],
	{ error: 'Choisissez une politique de modération.' }
);

const wordListSchema = z.array(z.string().trim().min(1).max(80)).max(500);

export const siteSettingsSchema = z.strictObject({
	preModeration: preModerationSchema.default('none'),
	bannedWords: wordListSchema.default([]),
	suspectWords: wordListSchema.default([]),
	maxLinks: z.number().int().min(0).max(50).default(2),
	reportThreshold: z.number().int().min(1).max(100).default(3)
});
export type SiteSettings = z.output<typeof siteSettingsSchema>;

/** An article's override: unset fields follow the site; its words add to the site's. */
export const articleSettingsSchema = z.strictObject({
	preModeration: preModerationSchema.optional(),
	bannedWords: wordListSchema.default([]),
	suspectWords: wordListSchema.default([]),
	maxLinks: z.number().int().min(0).max(50).optional(),
	reportThreshold: z.number().int().min(1).max(100).optional()
});
export type ArticleSettings = z.output<typeof articleSettingsSchema>;

export type ModerationStatus = 'published' | 'held' | 'rejected' | 'spam' | 'deleted';

/** A comment as the author sees it in the dashboard: the only view carrying the e-mail. */
export interface ModerationItem {
	id: number;
	articleSlug: string;
	articleTitle: string;
	parent: { id: number; name: string; excerpt: string } | null;
	status: ModerationStatus;
	heldReason: HeldReason | null;
	pinned: boolean;
	isAuthor: boolean;
	body: string;
	name: string;
	email: string | null;
	website: string | null;
	identityId: string;
	banned: boolean;
	history: { approved: number; rejected: number };
	reports: { count: number; reasons: ReportReason[] };
	createdAt: string;
	editedAt: string | null;
	editedByAuthor: boolean;
}

export type QueueCounts = Record<QueueName, number>;

export interface AuditEntry {
	id: number;
	at: string;
	who: string;
	via: 'dashboard' | 'mail' | 'system';
	action: string;
	commentId: number | null;
	articleSlug: string | null;
	detail: string | null;
}
