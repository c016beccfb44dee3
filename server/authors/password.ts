import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's minimum recommendation.
export async function hashPassword(password: string): Promise<string> {
	return hash(password);
}

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password; without a stored hash it checks against a throwaway one, so an unknown
 * address takes as long to refuse as a wrong password.
 */
export async function verifyPassword(
	storedHash: string | null,
	password: string
): Promise<boolean> {
	if (storedHash === null) {
		dummyHash ??= hash('fil-dummy-password-never-matches');
		await verify(await dummyHash, password).catch(() => false);
		return false;
	}
	try {
		return await verify(storedHash, password);
	} catch {
		return false;
	}
}
