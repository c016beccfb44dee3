import type { AppContext } from '../context/app-context.ts';
import type { Db } from '../db/database.ts';
import type { AuthorRow } from '../db/schema.ts';
import { emailSchema, nameSchema } from '../contract/schemas.ts';
import { newPasswordSchema, signInSchema } from '../contract/moderation.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { createSession, invalidateSession } from '../auth/session-service.ts';
import { generateRandomId } from '../auth/session-token.ts';
import { insertIdentity, updateIdentity } from '../identity/identity-repository.ts';
import { z } from 'zod';
import {
	countAuthors,
	findAuthorByEmail,
	insertAuthor,
	updateAuthorPassword
} from './author-repository.ts';
import { hashAccountKey } from '../security/ip-hash.ts';
import { hashPassword, verifyPassword } from './password.ts';

const newAuthorSchema = z.strictObject({
	email: emailSchema,
	name: nameSchema,
	password: newPasswordSchema
});

/** An author is an identity of kind 'author' with an account; made only from the CLI. */
export async function createAuthor(db: Db, input: unknown): Promise<AuthorRow> {
	const data = parseInput(newAuthorSchema, input);
	const email = data.email.toLowerCase();
	if (await findAuthorByEmail(db, email)) {
		throw new FilError('VALIDATION_FAILED', {
			fields: { email: 'Un auteur existe déjà avec cette adresse.' }
		});
	}
	const passwordHash = await hashPassword(data.password);
	const now = new Date().toISOString();
	const author: AuthorRow = {
		id: generateRandomId(10),
		identity_id: generateRandomId(10),
		email,
		display_name: data.name,
		password_hash: passwordHash,
		created_at: now,
		updated_at: now
	};
	await db.transaction().execute(async (trx) => {
		await insertIdentity(trx, {
			id: author.identity_id,
			kind: 'author',
			name: data.name,
			// The address stays in `authors`: nothing that reads identities ever shows it.
			email: null,
			website: null,
			email_verified: 0,
			banned: 0,
			created_at: now,
			updated_at: now
		});
		await insertAuthor(trx, author);
	});
	return author;
}

/** A new password also ends every session of the account. */
export async function changeAuthorPassword(db: Db, input: unknown): Promise<void> {
	const data = parseInput(
		z.strictObject({ email: emailSchema, password: newPasswordSchema }),
		input
	);
	const author = await findAuthorByEmail(db, data.email);
	if (!author) throw new FilError('NOT_FOUND', { message: 'Aucun auteur avec cette adresse.' });
	const passwordHash = await hashPassword(data.password);
	const now = new Date().toISOString();
	await db.transaction().execute(async (trx) => {
		await updateAuthorPassword(trx, author.id, passwordHash, now);
		await trx.deleteFrom('sessions').where('identity_id', '=', author.identity_id).execute();
		await updateIdentity(trx, author.identity_id, { updated_at: now });
	});
}

/**
 * Signs an author in: every attempt spends a point per IP and per address (known or not),
 * and a wrong address or a wrong password get the same answer after the same work.
 */
export async function signInAuthor(
	ctx: AppContext,
	input: unknown,
	ipHash: string
): Promise<{ author: AuthorRow; token: string; expiresAt: Date }> {
	const data = parseInput(signInSchema, input);
	const email = data.email.toLowerCase();
	const accountKey = hashAccountKey(email, ctx.config.ipHashSecret);
	await ctx.limits.consume('loginIp', ipHash);
	await ctx.limits.consume('loginAccount', accountKey);
	const author = await findAuthorByEmail(ctx.db, email);
	const ok = await verifyPassword(author?.password_hash ?? null, data.password);
	if (!author || !ok) {
		ctx.logger.warn('author sign-in refused');
		throw new FilError('BAD_CREDENTIALS');
	}
	await ctx.limits.reset('loginAccount', accountKey);
	const session = await createSession(ctx.db, author.identity_id, ctx.config.SESSION_DAYS);
	ctx.logger.info('author signed in', { authorId: author.id });
	return { author, ...session };
}

export async function signOut(ctx: AppContext, sessionId: string | null): Promise<void> {
	if (!sessionId) return;
	await invalidateSession(ctx.db, sessionId);
	ctx.bus.publishDirect({ type: 'session:ended', sessionId });
}

/** One line at start, so a fresh install says how to get in. */
export async function warnIfNoAuthor(ctx: AppContext): Promise<void> {
	if ((await countAuthors(ctx.db)) > 0) return;
	ctx.logger.warn(
		'Aucun auteur : créez-en un avec `npm run author -- create --email <adresse> --name "<nom>"`'
	);
}
