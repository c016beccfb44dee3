import { createHash, randomUUID } from 'node:crypto';

/** What a cached page is checked against on every hit: one read of the article's row. */
export interface ArticleVersion {
	readonly lastEventId: number;
	readonly closed: boolean;
}

interface Entry {
	readonly version: ArticleVersion;
	readonly storedAt: number;
	readonly status: number;
	readonly headers: [string, string][];
	/** The HTML cut around the render's idempotency key: a new key goes between the parts. */
	readonly parts: Buffer[];
	/** The inline script that holds the key, cut the same way, and its hash in the CSP header. */
	readonly script: { readonly parts: string[]; readonly hash: string } | null;
}

const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

function hashOf(script: string): string {
	return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

/**
 * Whole rendered article pages for readers without a session, which carry nothing personal.
 * A hit is served only while the article's last event id and closed state are those it was
 * rendered with (read from the database, so an event written by any instance invalidates it)
 * and for `maxAgeMs` at most: the page shows relative times ("il y a 2 min") and a few
 * things that change without an event (an author's name), which may then be that old.
 * Every response gets its own idempotency key for the no-JavaScript form, substituted into
 * the markup and into the inline data script, whose CSP hash is recomputed.
 */
export class PageCache {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly maxEntries = 12,
		private readonly maxAgeMs = 5000
	) {}

	/** A fresh response from the cached page, or null if it is missing, stale or too old. */
	take(key: string, version: ArticleVersion, now = Date.now()): Response | null {
		const entry = this.entries.get(key);
		if (!entry) return null;
		const stale =
			entry.version.lastEventId !== version.lastEventId ||
			entry.version.closed !== version.closed ||
			now - entry.storedAt > this.maxAgeMs;
		if (stale) {
			this.entries.delete(key);
			return null;
		}
		this.entries.delete(key);
		this.entries.set(key, entry);
		const pageKey = randomUUID();
		const fresh = Buffer.from(pageKey);
		const chunks: Buffer[] = [];
		entry.parts.forEach((part, i) => {
			if (i > 0) chunks.push(fresh);
			chunks.push(part);
		});
		const headers = new Headers(entry.headers);
		if (entry.script) {
			const csp = headers.get('content-security-policy') ?? '';
			const hash = hashOf(entry.script.parts.join(pageKey));
			headers.set('content-security-policy', csp.replace(entry.script.hash, hash));
		}
		return new Response(Buffer.concat(chunks), { status: entry.status, headers });
	}

	/**
	 * Keeps a rendered page whose idempotency key was `pageKey`. Returns false, keeping
	 * nothing, when the key cannot be found or its script's hash is not in the CSP header.
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
		let script: Entry['script'] = null;
		for (const [, content] of html.matchAll(INLINE_SCRIPT)) {
			if (!content.includes(pageKey)) continue;
			const hash = hashOf(content);
			if (script || !csp.includes(hash)) return false;
			script = { parts: content.split(pageKey), hash };
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
			parts: parts.map((p) => Buffer.from(p)),
			script
		});
		while (this.entries.size > this.maxEntries) {
			this.entries.delete(this.entries.keys().next().value as string);
		}
		return true;
	}
}
