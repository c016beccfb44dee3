import type { AppContext, Actor } from '../context/app-context.ts';
import { authorCommentPostSchema, commentPostSchema, LIMITS } from '../contract/schemas.ts';
import type { PublicComment } from '../contract/types.ts';
import type { CommentRow } from '../db/schema.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { appendCommentEvent } from '../events/private-event-repository.ts';
import { findArticleState } from '../articles/article-repository.ts';
import { findAuthorByIdentityId } from '../authors/author-repository.ts';
import { rememberCommenterProfile } from '../identity/identity-service.ts';
import { requireIdentity } from '../identity/require-identity.ts';
import { hydrateComment } from './comment-reader.ts';
import {
	findCommentById,
	findCommentByIdempotencyKey,
	insertComment
} from './comment-repository.ts';
import { placeReply } from './place-reply.ts';
import { enqueueCommentMails } from '../outbox/enqueue-comment-mails.ts';
import { decideCommentStatus, recheckBan, type PolicyDecision } from '../policy/comment-policy.ts';
import { publishAfterCommit } from './comment-events.ts';
import { audienceOf } from './comment-status.ts';

/** The signed-in author posts without the name and e-mail fields: the account supplies them. */
async function parsePost(ctx: AppContext, actor: Actor, input: unknown) {
	const author = await findAuthorByIdentityId(ctx.db, actor.identityId);
	if (author) {
		const data = parseInput(authorCommentPostSchema, input);
		const fromAccount = { name: author.display_name, email: null, website: null, notify: false };
		return { ...data, ...fromAccount, isAuthor: true };
	}
	return { ...parseInput(commentPostSchema, input), isAuthor: false };
}

/**
 * The one way a comment is written, whichever door it came in by: validate, authorise,
 * limit, then one transaction (row + event) and, after commit only, the broadcast.
 */
export async function postComment(
	ctx: AppContext,
	actor: Actor,
	input: unknown
): Promise<PublicComment> {
	const data = await parsePost(ctx, actor, input);
	const identity = await requireIdentity(ctx, actor);
	const { isAuthor } = data;

	const existing = await findCommentByIdempotencyKey(ctx.db, identity.id, data.idempotencyKey);
	if (existing) return hydrateComment(ctx.db, existing);

	const article = await findArticleState(ctx.db, data.slug);
	if (!article || !ctx.articles.get(data.slug)) throw new FilError('NOT_FOUND');
	if (article.closed) throw new FilError('THREAD_CLOSED');

	let parent: CommentRow | undefined;
	if (data.parentId !== null) {
		parent = await findCommentById(ctx.db, data.parentId);
		if (!parent || parent.article_slug !== data.slug || parent.status !== 'published') {
			throw new FilError('NOT_FOUND', { fields: { parentId: 'Ce commentaire n’existe plus.' } });
		}
	}

	let decision: PolicyDecision;
	try {
		if (!isAuthor) {
			await ctx.limits.consume('commentIdentity', identity.id);
			await ctx.limits.consume('commentIp', actor.ipHash);
		}
		decision = await decideCommentStatus(ctx.db, {
			identity,
			isAuthor,
			ipHash: actor.ipHash,
			slug: data.slug,
			body: data.body
		});
	} catch (error) {
		// A resend racing its first try: once that one commits, its row is the answer, not the
		// DUPLICATE (or RATE_LIMITED) its own text (or point) now causes.
		const raced = await findCommentByIdempotencyKey(ctx.db, identity.id, data.idempotencyKey);
		if (raced) return hydrateComment(ctx.db, raced);
		throw error;
	}

	const placement = placeReply(parent, LIMITS.maxDepth);
	const now = new Date().toISOString();
	let row: CommentRow;
	let eventId: number;
	try {
		({ row, eventId } = await ctx.db.transaction().execute(async (trx) => {
			if (!isAuthor) await recheckBan(trx, ctx.dbKind, identity.id, actor.ipHash);
			const inserted = await insertComment(trx, {
				article_slug: data.slug,
				...placement,
				identity_id: identity.id,
				author_name: data.name,
				author_website: data.website,
				is_author: isAuthor ? 1 : 0,
				body: data.body,
				status: decision.status,
				held_reason: decision.heldReason,
				pinned: 0,
				notify: data.notify ? 1 : 0,
				idempotency_key: data.idempotencyKey,
				ip_hash: actor.ipHash,
				reaction_count: 0,
				created_at: now,
				edited_at: null,
				edited_by_author: 0
			});
			if (data.email !== null) {
				await rememberCommenterProfile(trx, identity, { ...data, email: data.email }, now);
			}
			await enqueueCommentMails(trx, ctx, inserted);
			const privateTo = decision.status === 'held' ? identity.id : null;
			const id = await appendCommentEvent(
				trx,
				data.slug,
				'comment:created',
				inserted.id,
				now,
				privateTo
			);
			return { row: inserted, eventId: id };
		}));
	} catch (error) {
		// Two tries with the same key raced each other: the first one's row is the answer.
		const raced = await findCommentByIdempotencyKey(ctx.db, identity.id, data.idempotencyKey);
		if (raced) return hydrateComment(ctx.db, raced);
		throw error;
	}

	const comment = await hydrateComment(ctx.db, row);
	ctx.bus.publish({
		event: { type: 'comment:created', eventId, comment },
		articleSlug: data.slug,
		audience: audienceOf(row)
	});
	if (row.status === 'held') await publishAfterCommit(ctx, [], [row.id], 'moderation:queued');
	return comment;
}
