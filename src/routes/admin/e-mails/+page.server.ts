import {
	loadMailDashboard,
	resendFailedMail,
	updateAuthorMailSettings
} from '$server/mail/mail-admin-service';
import { failFromError } from '$lib/server/form-errors';
import { requireAuthorAction, requireAuthorPage } from '$lib/server/require-author';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const author = await requireAuthorPage(event);
	return loadMailDashboard(event.locals.ctx, { kind: 'author', authorId: author.id });
};

function field(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

export const actions: Actions = {
	resend: async (event) => {
		const moderator = await requireAuthorAction(event);
		const form = await event.request.formData();
		const values = { outboxId: field(form, 'outboxId') };
		try {
			await resendFailedMail(event.locals.ctx, moderator, values);
		} catch (e) {
			return failFromError(event, e, 'resend', values);
		}
		return { form: 'resend', resent: Number(values.outboxId) };
	},

	settings: async (event) => {
		const moderator = await requireAuthorAction(event);
		const form = await event.request.formData();
		const values = { notify: field(form, 'notify'), digest: form.get('digest') === 'on' };
		try {
			await updateAuthorMailSettings(event.locals.ctx, moderator, values);
		} catch (e) {
			return failFromError(event, e, 'settings', values);
		}
		return { form: 'settings', saved: true };
	}
};
