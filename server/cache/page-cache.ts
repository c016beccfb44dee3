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

interface Render {
	readonly version: ArticleVersion;
	readonly done: Promise<void>;
}

/** How long a miss waits for the same page's render already under way before its own. */
const RENDER_WAIT_MS = 2000;

function sameVersion(a: ArticleVersion, b: ArticleVersion): boolean {
	return a.lastEventId === b.lastEventId && a.closed === b.closed;
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
	private readonly renders = new Map<string, Render>();

	constructor(
		private readonly maxEntries = 12,
		private readonly maxAgeMs = 5000
	) {}

	/** The cached page with a fresh key, or null if it is missing, stale or too old. */
	take(key: string, version: ArticleVersion, now = Date.now()): CachedPage | null {
		const entry = this.entries.get(key);
		if (!entry) return null;
		this.entries.delete(key);
		const stale = !sameVersion(entry.version, version) || now - entry.storedAt > this.maxAgeMs;
		if (stale) return null;
		this.entries.set(key, entry);
		const pageKey = randomUUID();
		const fresh = Buffer.from(pageKey);
		const chunks: Buffer[] = [entry.parts[0]];
		for (let i = 1; i < entry.parts.length; i++) chunks.push(fresh, entry.parts[i]);
		return { status: entry.status, headers: entry.headers, body: Buffer.concat(chunks) };
	}

	/**
	 * After an event every reader misses at once: the first miss renders (`beginRender`), the
	 * others wait here for it and then `take` its page, instead of rendering it each. Resolves
	 * true once a render of this page and version has finished; false when the caller should
	 * render: none is under way, or the one waited for is late (2 s) and the caller is the first
	 * to see it. The others then wait for whichever of the two finishes first.
	 */
	async waitForRender(key: string, version: ArticleVersion): Promise<boolean> {
		let current = this.renders.get(key);
		if (!current || !sameVersion(current.version, version)) return false;
		// Every render waited for so far: the first of them to finish ends the wait.
		const finishes: Promise<boolean>[] = [];
		for (;;) {
			finishes.push(current.done.then(() => true));
			let timer: NodeJS.Timeout | undefined;
			const late = new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(false), RENDER_WAIT_MS);
			});
			const finished = await Promise.race([...finishes, late]);
			clearTimeout(timer);
			if (finished) return true;
			const now = this.renders.get(key);
			if (now === current) return false;
			// Finished meanwhile, or another reader's render: its page, or a wait for it too.
			if (!now || !sameVersion(now.version, version)) return now === undefined;
			current = now;
		}
	}

	/** Marks a render of `key` under way; call the result once it is stored, or failed. */
	beginRender(key: string, version: ArticleVersion): () => void {
		let finish = () => {};
		const done = new Promise<void>((resolve) => (finish = resolve));
		const render = { version, done };
		this.renders.set(key, render);
		return () => {
			if (this.renders.get(key) === render) this.renders.delete(key);
			finish();
		};
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
