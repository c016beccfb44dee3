export interface Crawled {
	url: string;
	status: number;
	/** Status line, headers and body, as one text to search. */
	text: string;
}

const LINK = /(?:href|src|action)\s*=\s*"([^"]*)"/g;

function decodeEntities(s: string): string {
	return s
		.replace(/&amp;/g, '&')
		.replace(/&#39;/g, "'")
		.replace(/&quot;/g, '"');
}

/**
 * Follows every same-origin link (href, src, form action) from `start`, as an anonymous
 * visitor, and for each page also its SvelteKit data (`__data.json`). Returns each response.
 */
export async function crawlSite(
	base: string,
	start: string[],
	options: { max?: number; headers?: Record<string, string> } = {}
): Promise<Crawled[]> {
	const origin = new URL(base).origin;
	const seen = new Set<string>();
	const queue = [...start];
	const out: Crawled[] = [];
	const visit = (raw: string, from: string) => {
		let url: URL;
		try {
			url = new URL(decodeEntities(raw), from);
		} catch {
			return;
		}
		if (url.origin !== origin) return;
		url.hash = '';
		const key = url.pathname + url.search;
		if (!seen.has(key)) queue.push(key);
	};
	while (queue.length > 0 && out.length < (options.max ?? 300)) {
		const path = queue.shift()!;
		if (seen.has(path)) continue;
		seen.add(path);
		const res = await fetch(`${origin}${path}`, { redirect: 'manual', headers: options.headers });
		const body = await res.text();
		const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
		out.push({ url: path, status: res.status, text: `${res.status}\n${headers}\n\n${body}` });
		const location = res.headers.get('location');
		if (location) visit(location, `${origin}${path}`);
		const type = res.headers.get('content-type') ?? '';
		if (!type.includes('text/html')) continue;
		for (const [, link] of body.matchAll(LINK)) visit(link, `${origin}${path}`);
		const page = new URL(path, origin);
		if (!page.pathname.endsWith('__data.json')) {
			visit(`${page.pathname.replace(/\/$/, '')}/__data.json${page.search}`, origin);
		}
	}
	return out;
}
