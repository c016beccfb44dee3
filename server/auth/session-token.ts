import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** Lucia's design: the token is `<id>.<secret>`; only SHA-256(secret) is ever stored. */
export function generateRandomId(bytes = 15): string {
	const buffer = new Uint8Array(bytes);
	crypto.getRandomValues(buffer);
	return encodeBase32LowerCaseNoPadding(buffer);
}

export function hashSecret(secret: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

export function generateSessionToken(): { id: string; secret: string; token: string } {
	const id = generateRandomId();
	const secret = generateRandomId(20);
	return { id, secret, token: `${id}.${secret}` };
}

export function parseSessionToken(token: string): { id: string; secret: string } | null {
	const match = /^([a-z2-7]{16,40})\.([a-z2-7]{16,64})$/.exec(token);
	return match ? { id: match[1], secret: match[2] } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
	const a = new TextEncoder().encode(hashSecret(secret));
	const b = new TextEncoder().encode(storedHash);
	return a.length === b.length && constantTimeEqual(a, b);
}
