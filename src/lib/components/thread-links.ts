/** `?tri=…&/comment#hash`: the form action, keeping the page's sort and count. */
export function actionOf(query: string, name: string, hash: string): string {
	return `?${query ? `${query}&` : ''}/${name}#${hash}`;
}

/** `?tri=…&extra=…` or "" for links that keep the page's sort and count. */
export function searchWith(query: string, extra: Record<string, string | number> = {}): string {
	const params = new URLSearchParams(query);
	for (const [k, v] of Object.entries(extra)) params.set(k, String(v));
	const s = params.toString();
	return s ? `?${s}` : '';
}

/** The page's sort and count as a query string, from its URL. */
export function threadQueryOf(url: URL): string {
	const params = new URLSearchParams();
	for (const key of ['tri', 'n']) {
		const value = url.searchParams.get(key);
		if (value) params.set(key, value);
	}
	return params.toString();
}
