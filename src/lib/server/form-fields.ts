/** A text field of a posted form: "" when it is missing or is a file. */
export function formText(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}
