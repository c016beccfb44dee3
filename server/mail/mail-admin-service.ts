import { z } from 'zod';
import { MAX_ROW_ID } from '../contract/schemas.ts';
import type { AppContext } from '../context/app-context.ts';
import type { OutboxKind } from '../db/schema.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { findIdentityById } from '../identity/identity-repository.ts';
import { authoriseModerator, type Moderator } from '../moderation/moderator.ts';
import {
	loadAuthorSettings,
	saveAuthorSettings,
	type AuthorMailSettings
} from '../outbox/mail-preferences.ts';
import { listFailedMail, requeueFailed } from '../outbox/outbox-repository.ts';

export const resendSchema = z.strictObject({
	outboxId: z.coerce.number().int().positive().max(MAX_ROW_ID)
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

/** /admin/e-mails: the author's own settings and every mail that could not be delivered. */
export async function loadMailDashboard(
	ctx: AppContext,
	moderator: Moderator
): Promise<{ settings: AuthorMailSettings; failed: FailedMailView[] }> {
	const author = await authoriseModerator(ctx, moderator);
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
	moderator: Moderator,
	input: unknown
): Promise<void> {
	const { outboxId } = parseInput(resendSchema, input);
	await authoriseModerator(ctx, moderator);
	if (!(await requeueFailed(ctx.db, outboxId, new Date()))) throw new FilError('NOT_FOUND');
	ctx.logger.info('failed mail queued again', { outboxId });
}

export async function updateAuthorMailSettings(
	ctx: AppContext,
	moderator: Moderator,
	input: unknown
): Promise<AuthorMailSettings> {
	const settings = parseInput(authorSettingsSchema, input);
	const author = await authoriseModerator(ctx, moderator);
	await saveAuthorSettings(ctx.db, author.id, settings, new Date());
	return settings;
}
