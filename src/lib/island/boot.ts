/**
 * The article page's only script. The page itself is server-rendered without SvelteKit's
 * client (`csr = false`): this wakes up the two parts that live — the thread and the share
 * box — on the markup the server already sent, and nothing else.
 */
import { hydrate } from 'svelte';
import ShareLinks from '$lib/components/share-links.svelte';
import ThreadIsland from './thread-island.svelte';
import { readIslandData, SHARE_TARGET_ID, THREAD_TARGET_ID } from './island-data';

const data = readIslandData(document);
const thread = document.getElementById(THREAD_TARGET_ID);
const share = document.getElementById(SHARE_TARGET_ID);
if (data && thread) hydrate(ThreadIsland, { target: thread, props: { data } });
if (data && share) {
	hydrate(ShareLinks, { target: share, props: { url: data.shareUrl, title: data.article.title } });
}
