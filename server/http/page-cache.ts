import { randomUUID } from 'node:crypto';

/** What a cached page is checked against on every hit: one read of the article's row. */
export interface ArticleVersion {
	readonly lastEventId: number;
	readonly closed: boolean;
}

export interface CachedPage {
	readonly status: number;
	readonly headers: readonly [string, string][];
	readonly body: Buffer<ArrayBuffer>;
}

interface Entry {
	readonly version: ArticleVersion;
	readonly storedAt: number;
	readonly status: number;
	readonly headers: [string, string][];
	/** The HTML cut around the render's idempotency key: a new key goes between the parts. */
	readonly parts: Buffer[];
}

/** A script that runs: its text is under the CSP's hashes, so no key may be changed in it. */
const RUNNING_SCRIPT = /<script(?![^>]*\stype="application\/json")[^>]*>([\s\S]*?)<\/script>/g;
// Slugs are plain ASCII words: anything else (escapes included) goes the usual way.
const ARTICLE_PATH = /^\/articles\/([a-z0-9-]+)$/;
const QUERY_KEYS = new Set(['tri', 'n']);

/**
 * The cache key of an article page as any reader without a session sees it: a GET of the
 * page itself, with no other query than its sort and count (a `?repondre=` opens a form),
 * each at most once and not empty. The origin is part of it: share links are absolute.
 */
export function pageCacheKey(method: string, url: URL): { key: string; slug: string } | null {
	if (method !== 'GET') return null;
	const match = ARTICLE_PATH.exec(url.pathname);
	if (!match) return null;
	const seen = new Set<string>();
	for (const [name, value] of url.searchParams) {
		if (!QUERY_KEYS.has(name) || value === '' || seen.has(name)) return null;
		seen.add(name);
	}
	const tri = url.searchParams.get('tri') ?? '';
	const n = url.searchParams.get('n') ?? '';
	return { key: `${url.origin}${url.pathname}?tri=${tri}&n=${n}`, slug: match[1] };
}

/**
 * Whole rendered article pages for readers without a session, which carry nothing personal.
 * A hit is served only while the article's last event id and closed state are those it was
 * rendered with (read from the database, so an event written by any instance invalidates it)
 * and for `maxAgeMs` at most: the page shows relative times ("il y a 2 min") and a few
 * things that change without an event (an author's name), which may then be that old.
 * Every response gets its own idempotency key for the no-JavaScript form, substituted into
 * the markup and the island's JSON data (which no CSP hash covers).
 */
export class PageCache {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly maxEntries = 12,
		private readonly maxAgeMs = 5000
	) {}

	/** The cached page with a fresh key, or null if it is missing, stale or too old. */
	take(key: string, version: ArticleVersion, now = Date.now()): CachedPage | null {
		const entry = this.entries.get(key);
		if (!entry) return null;
		this.entries.delete(key);
		const stale =
			entry.version.lastEventId !== version.lastEventId ||
			entry.version.closed !== version.closed ||
			now - entry.storedAt > this.maxAgeMs;
		if (stale) return null;
		this.entries.set(key, entry);
		const pageKey = randomUUID();
		const fresh = Buffer.from(pageKey);
		const chunks: Buffer[] = [entry.parts[0]];
		for (let i = 1; i < entry.parts.length; i++) chunks.push(fresh, entry.parts[i]);
		return { status: entry.status, headers: entry.headers, body: Buffer.concat(chunks) };
	}

	/**
	 * Keeps a rendered page whose idempotency key was `pageKey`. Returns false, keeping
	 * nothing, when the key cannot be found or sits in a script that runs.
	 */
	store(
		key: string,
		version: ArticleVersion,
		pageKey: string,
		response: Response,
		html: string,
		now = Date.now()
	): boolean {
		const csp = response.headers.get('content-security-policy') ?? '';
		// A nonce must never be sent twice.
		if (csp.includes("'nonce-")) return false;
		for (const [, content] of html.matchAll(RUNNING_SCRIPT)) {
			if (content.includes(pageKey)) return false;
		}
		const parts = html.split(pageKey);
		if (parts.length < 2) return false;
		const headers: [string, string][] = [];
		response.headers.forEach((value, name) => {
			// The ETag is of this very body; every hit has another.
			if (name !== 'etag') headers.push([name, value]);
		});
		this.entries.delete(key);
		this.entries.set(key, {
			version,
			storedAt: now,
			status: response.status,
			headers,
			parts: parts.map((p) => Buffer.from(p))
		});
		while (this.entries.size > this.maxEntries) {
			this.entries.delete(this.entries.keys().next().value as string);
		}
		return true;
	}
}
