import type { Sort } from '$contract/constants';
import type { PublicComment, ThreadEvent } from '$contract/types';
import { buildTree, flattenTree } from './build-tree';
import { applyEvent, type ThreadModel } from './thread-model';

/** Where a new comment would land: the comments just before and after it in reading order. */
export interface Landing {
	before: number | null;
	after: number | null;
}

/** What the page shows, as far as an incoming event is concerned. */
export interface PageView {
	slug: string;
	viewerId: string | null;
	model: ThreadModel;
	sort: Sort;
	rank: Record<number, number>;
	/** New comments waiting behind the banner until the reader asks for them. */
	hidden: readonly number[];
	/** Whether a comment landing there would move what the reader is reading. */
	shouldHold: ((landing: Landing) => boolean) | null;
}

/** The page after one event, and what to say about it to screen readers. */
export interface Intake {
	model: ThreadModel;
	hidden: readonly number[];
	announcement: string | null;
}

export function eventSlug(event: ThreadEvent): string {
	return 'comment' in event ? event.comment.articleSlug : event.articleSlug;
}

/** The waiting comments that count for the banner: published ones. */
export function countWaiting(model: ThreadModel, hidden: readonly number[]): number {
	return hidden.filter((id) => model.comments[id]?.status === 'published').length;
}

function isOwn(view: PageView, comment: PublicComment): boolean {
	return comment.author.id !== '' && comment.author.id === view.viewerId;
}

/** Where a new comment would appear among those shown. */
export function landingOf(view: PageView, comment: PublicComment): Landing {
	const comments = { ...view.model.comments, [comment.id]: comment };
	const order = flattenTree(
		buildTree(comments, { sort: view.sort, rank: view.rank, hidden: view.hidden })
	);
	const i = order.indexOf(comment.id);
	return { before: order[i - 1] ?? null, after: order[i + 1] ?? null };
}

/**
 * Applies one broadcast or catch-up event to the page: null when it is not about this page's
 * article (a held comment goes to every tab of its writer's browser, whatever they show).
 * Someone else's new comment that would land above the reading position waits behind the banner.
 */
export function takeEvent(view: PageView, event: ThreadEvent): Intake | null {
	if (eventSlug(event) !== view.slug) return null;
	let hidden = view.hidden;
	let announcement: string | null = null;
	if (event.type === 'comment:created' && !view.model.comments[event.comment.id]) {
		const c = event.comment;
		const news = !isOwn(view, c) && c.status === 'published';
		const hold =
			news &&
			((c.parentId !== null && hidden.includes(c.parentId)) ||
				(view.shouldHold?.(landingOf(view, c)) ?? false));
		if (hold) {
			const waiting = countWaiting(view.model, hidden) + 1;
			hidden = [...hidden, c.id];
			announcement = waiting > 1 ? `${waiting} nouveaux commentaires` : '1 nouveau commentaire';
		} else if (news) {
			announcement = `Nouveau commentaire de ${c.author.name}`;
		}
	}
	return { model: applyEvent(view.model, event), hidden, announcement };
}
