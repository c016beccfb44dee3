import { z } from 'zod';
import { BIDI_CONTROLS, EMOJIS, SORTS, LIMITS } from './constants.ts';

// Messages for any input the schemas below do not word themselves.
z.config(z.locales.fr());

export { EMOJIS, SORTS, LIMITS, type Emoji, type Sort } from './constants.ts';

export const slugSchema = z
	.string()
	.min(1)
	.max(120)
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'Article inconnu.' });

/** Ids are PostgreSQL `serial` (32 bits): one bound on both databases. */
export const MAX_ROW_ID = 2 ** 31 - 1;
export const commentIdSchema = z.number().int().positive().max(MAX_ROW_ID);

// A lone surrogate half cannot be stored as UTF-8: it becomes U+FFFD here, as the database
// would make it, so that what is acknowledged is what is stored.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Control characters nobody types (PostgreSQL refuses NUL outright); tabs and line breaks stay.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// In a one-line field, bidi overrides and isolates would reorder the text after it on the page.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;

export function cleanText(s: string): string {
	return s.replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, '');
}

export function cleanLine(s: string): string {
	return cleanText(s)
		.replace(/[\t\n\r]+/g, ' ')
		.replace(BIDI_CONTROL, '');
}

const trimmed = (max: number, required: string, tooLong: string) =>
	z
		.string({ error: required })
		.transform((s) => cleanLine(s).trim())
		.pipe(z.string().min(1, { error: required }).max(max, { error: tooLong }));

export const nameSchema = trimmed(
	LIMITS.nameMax,
	'Indiquez votre nom.',
	`Le nom ne doit pas dépasser ${LIMITS.nameMax} caractères.`
);

/**
 * Stored as typed, without bidi controls; only surrounding blank lines go, and it must hold
 * something visible.
 */
export const bodySchema = z
	.string({ error: 'Écrivez votre commentaire.' })
	.transform((s) =>
		cleanText(s)
			.replace(BIDI_CONTROLS, '')
			.replace(/^\s*\n/, '')
			.trimEnd()
	)
	.pipe(
		z
			.string()
			.refine((s) => s.trim().length > 0, { error: 'Écrivez votre commentaire.' })
			.refine((s) => s.length <= LIMITS.bodyMax, {
				error: `Le commentaire ne doit pas dépasser ${LIMITS.bodyMax} caractères.`
			})
	);

export const emailSchema = z
	.string({ error: 'Indiquez votre adresse e-mail.' })
	.transform((s) => s.trim())
	.pipe(
		z
			.string()
			.min(1, { error: 'Indiquez votre adresse e-mail.' })
			.max(LIMITS.emailMax, { error: 'Cette adresse e-mail est trop longue.' })
			.pipe(z.email({ error: 'Cette adresse e-mail n’est pas valide.' }))
	);

const WEBSITE_ERROR = 'Indiquez une adresse web complète, commençant par http:// ou https://.';

export const websiteSchema = z
	.string({ error: WEBSITE_ERROR })
	.transform((s) => s.trim())
	.pipe(
		z.union([
			z.literal('').transform(() => null),
			z
				.string()
				.max(LIMITS.websiteMax, { error: 'Cette adresse web est trop longue.' })
				.pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: WEBSITE_ERROR }))
		])
	)
	.nullable()
	.optional()
	.transform((v) => v ?? null);

export const idempotencyKeySchema = z
	.string()
	.regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'Clé de requête invalide.' });

export const commentPostSchema = z.strictObject({
	slug: slugSchema,
	parentId: commentIdSchema.nullable().optional().default(null),
	body: bodySchema,
	name: nameSchema,
	email: emailSchema,
	website: websiteSchema,
	notify: z.boolean().optional().default(false),
	idempotencyKey: idempotencyKeySchema
});
export type CommentPostInput = z.output<typeof commentPostSchema>;

/** The signed-in author posts without name and e-mail: the account gives them; extras are dropped. */
export const authorCommentPostSchema = z.object({
	slug: slugSchema,
	parentId: commentIdSchema.nullable().optional().default(null),
	body: bodySchema,
	idempotencyKey: idempotencyKeySchema
});
export type AuthorCommentPostInput = z.output<typeof authorCommentPostSchema>;

export const commentEditSchema = z.strictObject({
	commentId: commentIdSchema,
	body: bodySchema
});
export type CommentEditInput = z.output<typeof commentEditSchema>;

export const commentDeleteSchema = z.strictObject({ commentId: commentIdSchema });
export type CommentDeleteInput = z.output<typeof commentDeleteSchema>;

export const reactionToggleSchema = z.strictObject({
	commentId: commentIdSchema,
	emoji: z.enum(EMOJIS, { error: 'Réaction inconnue.' })
});
export type ReactionToggleInput = z.output<typeof reactionToggleSchema>;

export const threadJoinSchema = z.strictObject({
	slug: slugSchema,
	since: z.number().int().nonnegative().max(MAX_ROW_ID).nullable().optional()
});
export type ThreadJoinInput = z.output<typeof threadJoinSchema>;

export const threadPageSchema = z.strictObject({
	slug: slugSchema,
	sort: z.enum(SORTS).default('oldest'),
	offset: z.number().int().nonnegative().max(1_000_000)
});
export type ThreadPageInput = z.output<typeof threadPageSchema>;

/** The query string of the article page: ?tri=…&n=… (works without JavaScript). */
/** The most threads one page shows (`?n=`). */
export const MAX_SHOWN = 2000;

export const threadQuerySchema = z.object({
	tri: z.enum(SORTS).catch('oldest').default('oldest'),
	n: z.coerce
		.number()
		.int()
		.min(LIMITS.firstPageThreads)
		.max(MAX_SHOWN)
		.catch(LIMITS.firstPageThreads)
		.default(LIMITS.firstPageThreads)
});
