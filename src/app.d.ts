import type { AppContext } from '$server/context/app-context';

declare global {
	namespace App {
		interface Locals {
			ctx: AppContext;
			identityId: string | null;
			sessionId: string | null;
			ipHash: string;
			retryAfterSeconds?: number;
			/** A page that renders fine but answers a refusal (src/lib/server/link-status.ts). */
			pageStatus?: number;
			/** The no-JavaScript form's idempotency key of a page rendered for the page cache. */
			pageKey?: string;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
