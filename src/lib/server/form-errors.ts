import { fail } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import { toErrorPayload } from '$server/errors/fil-error';
import type { ErrorCode } from '$contract/errors';

const STATUS: Partial<Record<ErrorCode, number>> = {
	VALIDATION_FAILED: 400,
	PAYLOAD_TOO_LARGE: 413,
	NOT_FOUND: 404,
	UNAUTHORIZED: 401,
	FORBIDDEN: 403,
	SESSION_REQUIRED: 401,
	RATE_LIMITED: 429,
	THREAD_CLOSED: 409,
	EDIT_WINDOW_OVER: 409,
	DUPLICATE: 409,
	BANNED: 403,
	REJECTED: 422,
	BAD_CREDENTIALS: 400,
	UNAVAILABLE: 503,
	INTERNAL: 500
};

/** The HTTP status that answers a service error, for form actions and JSON endpoints alike. */
export function httpStatusOf(code: ErrorCode): number {
	return STATUS[code] ?? 400;
}

/** A service error as a form-action failure: field messages, values kept, HTTP status. */
export function failFromError(
	event: RequestEvent,
	error: unknown,
	form: string,
	values: Record<string, string | boolean>
) {
	const payload = toErrorPayload(error);
	if (payload.code === 'INTERNAL') {
		event.locals.ctx.logger.error('form action failed', { form, error: String(error) });
	}
	if (payload.retryAfterMs !== undefined) {
		event.locals.retryAfterSeconds = Math.ceil(payload.retryAfterMs / 1000);
	}
	return fail(httpStatusOf(payload.code), { form, values, error: payload });
}
