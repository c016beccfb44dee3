import {
	loadMailDashboard,
	resendFailedMail,
	updateAuthorMailSettings
} from '$server/mail/mail-admin-service';
import { failFromError } from '$lib/server/form-errors';
import { formText, readForm } from '$lib/server/form-fields';
import { requireAuthorAction, requireAuthorPage } from '$lib/server/require-author';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const author = await requireAuthorPage(event);
	return loadMailDashboard(event.locals.ctx, { kind: 'author', authorId: author.id });
};

export const actions: Actions = {
	resend: async (event) => {
		const moderator = await requireAuthorAction(event);
		const form = await readForm(event);
		const values = { outboxId: formText(form, 'outboxId') };
		try {
			await resendFailedMail(event.locals.ctx, moderator, values);
		} catch (e) {
			return failFromError(event, e, 'resend', values);
		}
		return { form: 'resend', resent: Number(values.outboxId) };
	},

	settings: async (event) => {
		const moderator = await requireAuthorAction(event);
		const form = await readForm(event);
		const values = { notify: formText(form, 'notify'), digest: form.get('digest') === 'on' };
		try {
			await updateAuthorMailSettings(event.locals.ctx, moderator, values);
		} catch (e) {
			return failFromError(event, e, 'settings', values);
		}
		return { form: 'settings', saved: true };
	}
};
