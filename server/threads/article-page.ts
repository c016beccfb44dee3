import type { AppContext } from '../context/app-context.ts';
import type { Emoji, Sort } from '../contract/constants.ts';
import { findArticleState } from '../articles/article-repository.ts';
import { findAuthorByIdentityId } from '../authors/author-repository.ts';
import { countPublishedComments } from '../comments/comment-repository.ts';
import { loadCommenterProfile } from '../identity/identity-service.ts';
import { listOwnReactions } from '../reactions/reaction-repository.ts';
import { countThreadsToShow } from './thread-position.ts';
import { loadThreadPage } from './thread-service.ts';

export interface ArticlePageRequest {
	slug: string;
	sort: Sort;
	/** Threads asked for (`?n=`). */
	n: number;
	/** A comment a form in the address is for (`?repondre=`…): its thread is shown. */
	formTarget: number | null;
	identityId: string | null;
}

/**
 * Everything the article page shows, for one viewer: the article, the first threads (with the
 * cursor read before them: anything newer is replayed by the live client), the viewer's own
 * profile and reactions. Null for an article that does not exist.
 */
export async function loadArticlePage(ctx: AppContext, request: ArticlePageRequest) {
	const { slug, sort, identityId } = request;
	const article = ctx.articles.get(slug);
	const state = await findArticleState(ctx.db, slug);
	if (!article || !state) return null;
	// The signed-in author comments without the e-mail form and sees held comments.
	const author = await findAuthorByIdentityId(ctx.db, identityId);
	const viewer = { identityId, isAuthor: author !== undefined };
	const shown = await countThreadsToShow(
		ctx.db,
		slug,
		{ sort, n: request.n, commentId: request.formTarget },
		viewer
	);
	const page = await loadThreadPage(ctx, slug, { sort, offset: 0, limit: shown }, viewer);
	const own = identityId
		? await listOwnReactions(
				ctx.db,
				identityId,
				page.comments.map((c) => c.id)
			)
		: new Map<number, Emoji[]>();
	return {
		article: {
			slug: article.slug,
			title: article.title,
			html: article.html,
			closingQuestion: article.closingQuestion,
			excerpt: article.excerpt
		},
		thread: {
			comments: page.comments,
			hasMore: page.hasMore,
			nextOffset: page.nextOffset,
			sort,
			shown,
			cursor: state.lastEventId,
			closed: state.closed,
			total: await countPublishedComments(ctx.db, slug)
		},
		viewer: {
			...viewer,
			profile: await loadCommenterProfile(ctx.db, identityId),
			reactions: Object.fromEntries(own) as Record<number, Emoji[]>
		}
	};
}
