import { z } from 'zod';
import type { ArticleCatalog } from '../articles/article-catalog.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { OutboxRow } from '../db/schema.ts';
import { createMailToken } from './mail-tokens.ts';
import { listCarriedPayloads } from '../outbox/outbox-repository.ts';

export interface ComposeDeps {
	db: Db;
	config: Config;
	articles: ArticleCatalog;
}

const commentPayloadSchema = z.object({ commentId: z.number().int().positive() });

export function linkTo(row: OutboxRow, path: string, token?: string): string {
	const url = new URL(path, row.origin);
	if (token) url.searchParams.set('token', token);
	return url.href;
}

export function unsubscribeUrl(deps: ComposeDeps, row: OutboxRow): string {
	return linkTo(
		row,
		'/e-mail/desabonnement',
		createMailToken(deps.config.tokenSecret, { p: 'u', o: row.id })
	);
}

/** Derived from the outbox id, so a mail sent twice after a crash is recognisably the same. */
export function messageIdFor(config: Config, outboxId: number): string {
	const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(config.MAIL_FROM)?.[1] ?? 'fil.invalid';
	return `<fil-outbox-${outboxId}@${domain}>`;
}

/** The comment ids this row and the rows merged into it are about, in order, once each. */
export async function carriedCommentIds(db: Db, row: OutboxRow): Promise<number[]> {
	const ids: number[] = [];
	for (const raw of await listCarriedPayloads(db, row)) {
		const parsed = commentPayloadSchema.safeParse(JSON.parse(raw));
		if (parsed.success && !ids.includes(parsed.data.commentId)) ids.push(parsed.data.commentId);
	}
	return ids;
}

export function articleTitle(deps: ComposeDeps, slug: string): string {
	return deps.articles.get(slug)?.title ?? slug;
}
