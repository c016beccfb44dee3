import type { AppContext } from '../context/app-context.ts';
import type { AuthorRow } from '../db/schema.ts';
import { FilError } from '../errors/fil-error.ts';
import { findAuthorById } from '../authors/author-repository.ts';

/** Who moderates: the author from the dashboard, or from a link in a notification e-mail. */
export type Moderator = { kind: 'author'; authorId: string } | { kind: 'mail'; authorId: string };

export function viaOf(moderator: Moderator): 'dashboard' | 'mail' {
	return moderator.kind === 'mail' ? 'mail' : 'dashboard';
}

export async function authoriseModerator(
	ctx: AppContext,
	moderator: Moderator
): Promise<AuthorRow> {
	const author = await findAuthorById(ctx.db, moderator.authorId);
	if (!author) throw new FilError('FORBIDDEN');
	return author;
}
