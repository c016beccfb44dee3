import { ZodError } from 'zod';
import {
	buildErrorPayload,
	type ErrorCode,
	type ErrorPayload,
	type FieldErrors
} from '../contract/errors.ts';

// The server and the SvelteKit bundle each hold a copy of this module: `instanceof` goes by a
// shared brand, so an error thrown by one copy (e.g. the limiter) is known by the other.
const BRAND = Symbol.for('fil.FilError');

/** An expected failure, carried up to the door that answers the client. */
export class FilError extends Error {
	readonly [BRAND] = true;

	static [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && BRAND in value;
	}

	constructor(
		readonly code: ErrorCode,
		readonly extra: { fields?: FieldErrors; retryAfterMs?: number; message?: string } = {}
	) {
		super(code);
	}
	toPayload(): ErrorPayload {
		return buildErrorPayload(this.code, this.extra);
	}
}

export function fieldErrorsFromZod(error: ZodError): FieldErrors {
	const fields: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length > 0 ? String(issue.path[0]) : '_';
		if (!(key in fields)) fields[key] = issue.message;
	}
	return fields;
}

export function toErrorPayload(error: unknown): ErrorPayload {
	if (error instanceof FilError) return error.toPayload();
	if (error instanceof ZodError) {
		return buildErrorPayload('VALIDATION_FAILED', { fields: fieldErrorsFromZod(error) });
	}
	return buildErrorPayload('INTERNAL');
}

export function parseInput<T>(
	schema: {
		safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError };
	},
	input: unknown
): T {
	const result = schema.safeParse(input);
	if (!result.success) {
		throw new FilError('VALIDATION_FAILED', { fields: fieldErrorsFromZod(result.error) });
	}
	return result.data;
}
