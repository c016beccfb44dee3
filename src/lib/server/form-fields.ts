import { error, type RequestEvent } from '@sveltejs/kit';
import { ERROR_MESSAGES } from '$contract/errors';

/** A text field of a posted form: "" when it is missing or is a file. */
export function formText(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

/**
 * The posted form. A body that is not one (text/plain, a broken multipart, SvelteKit's binary
 * form) is the sender's mistake: 400, not the 500 an unread parse error would make.
 */
export async function readForm(event: RequestEvent): Promise<FormData> {
	try {
		return await event.request.formData();
	} catch {
		error(400, { message: ERROR_MESSAGES.VALIDATION_FAILED, code: 'VALIDATION_FAILED' });
	}
}

/**
 * A whole number as a form sends it: digits only, else NaN for the schema to refuse
 * (`Number()` would also take '', ' 7', '7e0' and '0x7').
 */
export function formNumber(value: FormDataEntryValue | null): number {
	return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
}
