import { z } from 'zod';
import type { AppContext } from '../context/app-context.ts';
import type { OutboxKind } from '../db/schema.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { findIdentityById } from '../identity/identity-repository.ts';
import { listAuthorRecipients, type AuthorRecipient } from './author-recipients.ts';
import {
	loadAuthorSettings,
	saveAuthorSettings,
	type AuthorMailSettings
} from './mail-preferences.ts';
import { listFailedMail, requeueFailed } from './outbox-repository.ts';

export const resendSchema = z.strictObject({
	outboxId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)
});

export const authorSettingsSchema = z.strictObject({
	notify: z.enum(['every', 'held', 'none'], { error: 'Choix inconnu.' }),
	digest: z.boolean()
});

export const KIND_LABELS: Record<OutboxKind, string> = {
	'author-comment': 'Nouveau commentaire (auteur·rice)',
	'author-digest': 'Résumé du jour (auteur·rice)',
	'verify-email': 'Vérification d’adresse',
	reply: 'Réponse à un commentaire'
};

export interface FailedMailView {
	id: number;
	kind: OutboxKind;
	kindLabel: string;
	/** A name, never the address: this list is shown on a screen. */
	recipient: string;
	articleSlug: string | null;
	attempts: number;
	lastError: string | null;
	createdAt: string;
}

/** The author behind this session, or FORBIDDEN: /admin is for authors only. */
export async function requireMailAuthor(
	ctx: AppContext,
	identityId: string | null
): Promise<AuthorRecipient> {
	if (!identityId) throw new FilError('UNAUTHORIZED');
	const identity = await findIdentityById(ctx.db, identityId);
	if (!identity || identity.kind !== 'author') throw new FilError('FORBIDDEN');
	const author = (await listAuthorRecipients(ctx.db)).find((a) => a.identityId === identityId);
	if (!author) throw new FilError('FORBIDDEN');
	return author;
}

export async function loadMailDashboard(
	ctx: AppContext,
	identityId: string | null
): Promise<{ settings: AuthorMailSettings; failed: FailedMailView[] }> {
	const author = await requireMailAuthor(ctx, identityId);
	const rows = await listFailedMail(ctx.db);
	const names = new Map<string, string>();
	for (const id of new Set(rows.map((r) => r.identity_id).filter((v) => v !== null))) {
		names.set(id, (await findIdentityById(ctx.db, id))?.name ?? 'Commentateur·rice');
	}
	return {
		settings: await loadAuthorSettings(ctx.db, author.id),
		failed: rows.map((r) => ({
			id: r.id,
			kind: r.kind,
			kindLabel: KIND_LABELS[r.kind],
			recipient: r.author_id
				? 'Auteur·rice'
				: (names.get(r.identity_id ?? '') ?? 'Commentateur·rice'),
			articleSlug: r.article_slug,
			attempts: r.attempts,
			lastError: r.last_error,
			createdAt: r.created_at
		}))
	};
}

/** "Renvoyer": the failed mail is queued again with a fresh set of attempts. */
export async function resendFailedMail(
	ctx: AppContext,
	identityId: string | null,
	input: unknown
): Promise<void> {
	await requireMailAuthor(ctx, identityId);
	const { outboxId } = parseInput(resendSchema, input);
	if (!(await requeueFailed(ctx.db, outboxId, new Date()))) throw new FilError('NOT_FOUND');
	ctx.logger.info('failed mail queued again', { outboxId });
}

export async function updateAuthorMailSettings(
	ctx: AppContext,
	identityId: string | null,
	input: unknown
): Promise<AuthorMailSettings> {
	const author = await requireMailAuthor(ctx, identityId);
	const settings = parseInput(authorSettingsSchema, input);
	await saveAuthorSettings(ctx.db, author.id, settings, new Date());
	return settings;
}
