import { createHmac } from 'node:crypto';

/** IPs are never stored or used as keys in the clear: only this keyed hash is. */
export function hashIp(ip: string, secret: string): string {
	// The first 24 bytes are the first 32 characters, as a flat string: a slice of the full
	// digest's text would keep that text alive for as long as a socket holds the hash.
	return createHmac('sha256', secret)
		.update(normalizeIp(ip))
		.digest()
		.subarray(0, 24)
		.toString('base64url');
}

/** An account's address as a limiter key (kept in Redis): keyed, never the address itself. */
export function hashAccountKey(email: string, secret: string): string {
	return createHmac('sha256', secret)
		.update(`account:${email.trim().toLowerCase()}`)
		.digest('base64url')
		.slice(0, 32);
}

export function normalizeIp(ip: string): string {
	const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
	return (v4mapped ? v4mapped[1] : ip).toLowerCase();
}

/**
 * The client address: the socket's peer, or, behind `hops` trusted proxies, the entry that
 * many steps from the right of X-Forwarded-For. Anything further left can be forged.
 */
export function resolveClientIp(
	remoteAddress: string | undefined,
	forwardedFor: string | string[] | undefined,
	hops: number
): string {
	const peer = remoteAddress ?? 'unknown';
	if (hops <= 0 || !forwardedFor) return peer;
	const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
	const chain = header
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (chain.length === 0) return peer;
	const index = Math.max(0, chain.length - hops);
	return chain[index] ?? peer;
}
