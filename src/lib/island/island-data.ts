import type { CommenterProfile, FormResult } from '$lib/components/thread-context.svelte';
import type { ThreadData } from '$lib/live/live-types';

/** Everything the article page's live parts start from, as rendered on the server. */
export interface IslandData extends ThreadData {
	article: { slug: string; title: string; closingQuestion: string | null };
	viewer: ThreadData['viewer'] & { profile: CommenterProfile | null; isAuthor: boolean };
	idempotencyKey: string;
	editWindowMs: number;
	result: FormResult | null;
	/** The address the page was rendered for: open forms and sort links are read from it. */
	url: string;
	shareUrl: string;
}

export const ISLAND_DATA_ID = 'fil-island-data';
export const THREAD_TARGET_ID = 'fil-thread';
export const SHARE_TARGET_ID = 'fil-share';

/**
 * The data as an inert JSON script. Escaping `<`, `>` and `&` keeps any comment text from
 * closing the script element or being read as markup; U+2028/2029 are escaped for old parsers.
 */
export function renderIslandData(data: IslandData): string {
	const json = JSON.stringify(data).replace(
		/[<>&\u2028\u2029]/g,
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
	);
	return `<script type="application/json" id="${ISLAND_DATA_ID}">${json}</script>`;
}

/** Our own server's data, written by renderIslandData in the same response. */
export function readIslandData(doc: Document): IslandData | null {
	const text = doc.getElementById(ISLAND_DATA_ID)?.textContent;
	return text ? (JSON.parse(text) as IslandData) : null;
}
