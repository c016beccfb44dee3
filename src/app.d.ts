import type { AppContext } from '$server/context/app-context';

declare global {
	namespace App {
		interface Locals {
			ctx: AppContext;
			identityId: string | null;
			sessionId: string | null;
			ipHash: string;
			retryAfterSeconds?: number;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
