import type { Sort } from '$contract/constants';
import type { PublicComment } from '$contract/types';

export interface CommentNode {
	comment: PublicComment;
	children: CommentNode[];
}

export interface TreeOptions {
	sort: Sort;
	/** Position of each top-level comment in the order the server gave. */
	rank: Record<number, number>;
	/** Comments waiting behind the "nouveaux commentaires" banner; their replies with them. */
	hidden: readonly number[];
	/** A deleted comment kept as a placeholder all the same: the reader is answering it. */
	keep?: number | null;
}

function compareRoots(a: PublicComment, b: PublicComment, { sort, rank }: TreeOptions): number {
	if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
	if (sort === 'newest') return b.id - a.id;
	if (sort === 'reactions') {
		const ra = rank[a.id] ?? Number.MAX_SAFE_INTEGER;
		const rb = rank[b.id] ?? Number.MAX_SAFE_INTEGER;
		if (ra !== rb) return ra - rb;
	}
	return a.id - b.id;
}

/**
 * Nests the comments under their parents. A deleted comment stays as a placeholder only while
 * it has visible replies (or is the one `keep` names); a reply whose parent is not loaded is
 * left out.
 */
export function buildTree(
	comments: Record<number, PublicComment>,
	options: TreeOptions
): CommentNode[] {
	const hidden = new Set(options.hidden);
	const byParent = new Map<number | null, PublicComment[]>();
	for (const c of Object.values(comments)) {
		if (hidden.has(c.id)) continue;
		const list = byParent.get(c.parentId);
		if (list) list.push(c);
		else byParent.set(c.parentId, [c]);
	}
	const grow = (c: PublicComment): CommentNode | null => {
		const children = (byParent.get(c.id) ?? [])
			.sort((a, b) => a.id - b.id)
			.map(grow)
			.filter((n): n is CommentNode => n !== null);
		if (c.status === 'deleted' && children.length === 0 && c.id !== options.keep) return null;
		return { comment: c, children };
	};
	return (byParent.get(null) ?? [])
		.sort((a, b) => compareRoots(a, b, options))
		.map(grow)
		.filter((n): n is CommentNode => n !== null);
}

/** Ranks the top-level comments not ranked yet, from `start`, in the order given; the next rank. */
export function rankRoots(
	comments: PublicComment[],
	start: number,
	into: Record<number, number>
): number {
	let n = start;
	for (const c of comments) if (c.parentId === null && into[c.id] === undefined) into[c.id] = n++;
	return n;
}

/** The comments in reading order (depth first), as ids. */
export function flattenTree(nodes: CommentNode[], into: number[] = []): number[] {
	for (const n of nodes) {
		into.push(n.comment.id);
		flattenTree(n.children, into);
	}
	return into;
}
