/**
 * The article page's only script. The page itself is server-rendered without SvelteKit's
 * client (`csr = false`): this wakes up the two parts that live — the thread and the share
 * box — on the markup the server already sent, and nothing else.
 */
import { hydrate, mount, type Component } from 'svelte';
import ShareLinks from '$lib/components/share-links.svelte';
import ThreadIsland from './thread-island.svelte';
import { readIslandData, SHARE_TARGET_ID, THREAD_TARGET_ID } from './island-data';

/**
 * Under `vite dev` the server writes an extra anchor after each child component (for hot
 * reloading) that hydrate() does not expect at the top: there, the parts are drawn afresh.
 */
function wake<P extends Record<string, unknown>>(part: Component<P>, target: Element, props: P) {
	if (!import.meta.env.DEV) return hydrate(part, { target, props });
	target.replaceChildren();
	return mount(part, { target, props });
}

const data = readIslandData(document);
const thread = document.getElementById(THREAD_TARGET_ID);
const share = document.getElementById(SHARE_TARGET_ID);
if (data && thread) wake(ThreadIsland, thread, { data });
if (data && share) wake(ShareLinks, share, { url: data.shareUrl, title: data.article.title });
