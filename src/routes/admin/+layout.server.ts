import { requireAuthorPage } from '$lib/server/require-author';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const author = await requireAuthorPage(event);
	// These pages carry e-mail addresses: never kept by a shared cache or the back button.
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return { author: { name: author.display_name } };
};
