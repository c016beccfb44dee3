import type { Emoji, Sort } from '$contract/constants';
import type { ThreadEvent, ThreadPage } from '$contract/types';
import { buildTree, flattenTree, rankRoots } from './build-tree';
import { countWaiting, takeEvent, type Landing } from './event-intake';
import { createModel, mergeComment, type ThreadModel } from './thread-model';
import type { ThreadData } from './live-types';

/**
 * What the page shows of one article's thread: the comments and their order, those waiting
 * until the reader asks, the pages loaded. Changed by events, pages and answers only.
 */
export class ThreadState {
	model = $state.raw<ThreadModel>(createModel([], 0, false, 0));
	sort = $state<Sort>('oldest');
	rank = $state.raw<Record<number, number>>({});
	hasMore = $state(false);
	nextOffset = $state(0);
	/** New comments waiting behind the banner until the reader asks for them. */
	hidden = $state.raw<readonly number[]>([]);
	mine = $state.raw<Record<number, Emoji[]>>({});
	viewerId = $state<string | null>(null);
	announcement = $state('');
	now = $state(0);
	/** The comment whose reply form is open: kept on the page if it is deleted meanwhile. */
	answering = $state<number | null>(null);

	tree = $derived(
		buildTree(this.model.comments, {
			sort: this.sort,
			rank: this.rank,
			hidden: this.hidden,
			keep: this.answering
		})
	);
	waitingCount = $derived(countWaiting(this.model, this.hidden));

	/** Set by the page: whether a comment landing there would move what the reader is reading. */
	shouldHold: ((landing: Landing) => boolean) | null = null;

	/** The article this page shows; events about another one are not applied. */
	slug = '';
	private source: ThreadData | null = null;
	private nextRank = 0;

	/** Starts again from the page's server data (first render, new sort, reload); false if seen. */
	protected reset(data: ThreadData): boolean {
		if (data === this.source) return false;
		this.source = data;
		this.slug = data.article.slug;
		const { thread } = data;
		this.model = createModel(thread.comments, thread.cursor, thread.closed, thread.total);
		this.sort = thread.sort;
		const rank: Record<number, number> = {};
		this.nextRank = rankRoots(thread.comments, 0, rank);
		this.rank = rank;
		this.hasMore = thread.hasMore;
		this.nextOffset = thread.nextOffset;
		this.hidden = [];
		this.mine = data.viewer.reactions;
		this.viewerId = data.viewer.identityId;
		this.now = data.now;
		return true;
	}

	/** The next threads, appended where they belong. */
	protected appendPage(page: ThreadPage): void {
		let model = this.model;
		for (const c of page.comments) model = mergeComment(model, c, 'page');
		this.model = model;
		const rank = { ...this.rank };
		this.nextRank = rankRoots(page.comments, this.nextRank, rank);
		this.rank = rank;
		this.hasMore = page.hasMore;
		this.nextOffset = page.nextOffset;
	}

	/** A broadcast or catch-up event. */
	protected receive(event: ThreadEvent): void {
		const taken = takeEvent(this, event);
		if (!taken) return;
		this.model = taken.model;
		this.hidden = taken.hidden;
		if (taken.announcement) this.announce(taken.announcement);
	}

	private announce(text: string): void {
		// The same words twice in a row would not be read again: vary the invisible ending.
		this.announcement = this.announcement === text ? `${text}\u00a0` : text;
	}

	/** Shows the waiting comments; returns the first of them in reading order. */
	revealWaiting(): number | null {
		const waiting = this.hidden;
		this.hidden = [];
		return flattenTree(this.tree).find((id) => waiting.includes(id)) ?? null;
	}
}
