import { createHmac } from 'node:crypto';
import { isIPv6 } from 'node:net';

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

/**
 * What one client is: an IPv4 address, or an IPv6 /64 network. A subscriber gets a whole /64
 * and may pick any address in it, so a ban or a rate limit keyed on one address would let it
 * walk away; the network is what it cannot change.
 */
export function normalizeIp(ip: string): string {
	const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
	if (v4mapped) return v4mapped[1]!;
	const address = ip.split('%')[0]!;
	return isIPv6(address) ? ipv6Network(address) : ip.toLowerCase();
}

/** The first four groups of an IPv6 address, written in full: `2001:db8:0:7::/64`. */
function ipv6Network(address: string): string {
	const [head = '', tail] = address.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	// A trailing dotted IPv4 part stands for two groups.
	const rightGroups = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
	const zeros = tail === undefined ? [] : Array(8 - left.length - rightGroups).fill('0');
	const groups = [...left, ...zeros, ...right].slice(0, 4);
	return `${groups.map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
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
