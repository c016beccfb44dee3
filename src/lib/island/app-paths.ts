/**
 * `$app/paths` for the island bundle, which is built without SvelteKit's client. Fil is served
 * at the root of its origin (no `paths.base`), so a route's path is its address.
 */
export function resolve(path: string): string {
	return path;
}
