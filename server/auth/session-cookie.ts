export const SESSION_COOKIE = 'fil_session';

export interface CookieOptions {
	path: string;
	httpOnly: true;
	sameSite: 'lax';
	secure: boolean;
	expires: Date;
}

/** Secure everywhere except plain-http localhost, where browsers would drop the cookie. */
export function isSecureOrigin(url: URL): boolean {
	if (url.protocol === 'https:') return true;
	return !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function sessionCookieOptions(url: URL, expiresAt: Date): CookieOptions {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: isSecureOrigin(url),
		expires: expiresAt
	};
}

/** Reads one cookie from a raw Cookie header (used by the Socket.IO handshake). */
export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq === -1) continue;
		if (part.slice(0, eq).trim() === name) {
			try {
				return decodeURIComponent(part.slice(eq + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}
