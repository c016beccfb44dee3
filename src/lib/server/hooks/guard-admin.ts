import type { Handle } from '@sveltejs/kit';
import { requireAuthorPage } from '../require-author';

function isAdminRoute(routeId: string | null): boolean {
	return routeId === '/admin' || (routeId?.startsWith('/admin/') ?? false);
}

/**
 * Every /admin request needs the author, page data included: a layout's own check can be
 * skipped by a data request that says the layout is still valid (x-sveltekit-invalidated).
 * Decided on the route SvelteKit matched, not the raw path: `/%61dmin` is `/admin` too.
 */
export const guardAdmin: Handle = async ({ event, resolve }) => {
	if (!isAdminRoute(event.route.id)) return resolve(event);
	await requireAuthorPage(event);
	const response = await resolve(event);
	// Admin answers carry e-mail addresses: never kept by a shared cache or the back button.
	response.headers.set('cache-control', 'private, no-store');
	return response;
};
