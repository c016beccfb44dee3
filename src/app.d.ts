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
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
