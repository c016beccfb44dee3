import type { ServerResponse } from 'node:http';

/** On every response, whoever answers it: pages, assets, health, redirects, early errors. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'strict-origin-when-cross-origin',
	'X-Frame-Options': 'DENY',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=()'
};

/**
 * For what SvelteKit does not render with its own hashed policy (assets, plain-text answers,
 * redirects and errors thrown before a page renders): no inline script runs, no framing.
 * A rendered page replaces it with the policy of svelte.config.js.
 */
export const FALLBACK_CSP =
	"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export function setSecurityHeaders(res: ServerResponse): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
	res.setHeader('Content-Security-Policy', FALLBACK_CSP);
}
