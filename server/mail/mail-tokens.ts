import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_ROW_ID } from '../contract/schemas.ts';
import { z } from 'zod';
import { generateRandomId } from '../auth/session-token.ts';

/** The token as it travels in a link: `<payload>.<signature>`, both base64url. */
export const mailTokenSchema = z
	.string()
	.max(600)
	.regex(/^[A-Za-z0-9_-]{8,500}\.[A-Za-z0-9_-]{43}$/);

export const MAIL_ACTIONS = ['approve', 'reject', 'spam'] as const;
export type MailAction = (typeof MAIL_ACTIONS)[number];

const idSchema = z.number().int().positive().max(MAX_ROW_ID);

/** What a token may say; short keys keep links short. */
const payloadSchema = z.discriminatedUnion('p', [
	// Moderation from an author mail: single-use (j), bound to comment and action, expires.
	z.strictObject({
		p: z.literal('m'),
		j: z.string().regex(/^[a-z2-7]{16,40}$/),
		c: idSchema,
		a: z.enum(MAIL_ACTIONS),
		u: z.string().min(1).max(100),
		x: z.number().int().positive()
	}),
	// Address verification: bound to the verification mail, whose row holds the address.
	z.strictObject({ p: z.literal('v'), o: idSchema, x: z.number().int().positive() }),
	// Unsubscribe: bound to the mail it came in; never expires.
	z.strictObject({ p: z.literal('u'), o: idSchema })
]);
export type MailTokenPayload = z.output<typeof payloadSchema>;

export const TOKEN_DAYS = 7;

function sign(secret: string, body: string): Buffer {
	return createHmac('sha256', secret).update(`fil-mail-v1.${body}`).digest();
}

export function createMailToken(secret: string, payload: MailTokenPayload): string {
	const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
	return `${body}.${sign(secret, body).toString('base64url')}`;
}

export function newTokenId(): string {
	return generateRandomId(15);
}

export function expiryFromNow(now = Date.now()): number {
	return Math.floor(now / 1000) + TOKEN_DAYS * 24 * 3600;
}

export type TokenCheck =
	{ ok: true; payload: MailTokenPayload } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks shape, signature and expiry; anything odd is just "invalid". */
export function readMailToken(secret: string, raw: unknown, now = Date.now()): TokenCheck {
	const parsed = mailTokenSchema.safeParse(raw);
	if (!parsed.success) return { ok: false, reason: 'invalid' };
	const [body, signature] = parsed.data.split('.');
	const expected = sign(secret, body);
	const given = Buffer.from(signature, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return { ok: false, reason: 'invalid' };
	}
	let json: unknown;
	try {
		json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 'invalid' };
	}
	const payload = payloadSchema.safeParse(json);
	if (!payload.success) return { ok: false, reason: 'invalid' };
	if ('x' in payload.data && payload.data.x * 1000 < now) return { ok: false, reason: 'expired' };
	return { ok: true, payload: payload.data };
}
