import { ZodError } from 'zod';
import {
	buildErrorPayload,
	type ErrorCode,
	type ErrorPayload,
	type FieldErrors
} from '../contract/errors.ts';

const BRAND = Symbol.for('fil.FilError');

/**
 * An expected failure, carried up to the door that answers the client. SvelteKit's bundle
 * holds its own copy of this class while the context (limiters…) uses the server's, so
 * `instanceof` checks a brand shared by both copies instead of the prototype.
 */
export class FilError extends Error {
	readonly [BRAND] = true;

	static [Symbol.hasInstance](value: unknown): boolean {
		return (
			typeof value === 'object' &&
			value !== null &&
			(value as Record<symbol, unknown>)[BRAND] === true
		);
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
