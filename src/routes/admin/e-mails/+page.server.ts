import { error, redirect } from '@sveltejs/kit';
import { FilError } from '$server/errors/fil-error';
import {
	loadMailDashboard,
	resendFailedMail,
	updateAuthorMailSettings
} from '$server/mail/mail-admin-service';
import { failFromError } from '$lib/server/form-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	try {
		return await loadMailDashboard(locals.ctx, locals.identityId);
	} catch (e) {
		if (e instanceof FilError && e.code === 'UNAUTHORIZED') redirect(303, '/connexion');
		if (e instanceof FilError && e.code === 'FORBIDDEN') {
			error(403, { message: 'Cette page est réservée aux auteur·rices.' });
		}
		throw e;
	}
};

function field(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

export const actions: Actions = {
	resend: async (event) => {
		const form = await event.request.formData();
		const values = { outboxId: field(form, 'outboxId') };
		try {
			await resendFailedMail(event.locals.ctx, event.locals.identityId, values);
		} catch (e) {
			return failFromError(event, e, 'resend', values);
		}
		return { form: 'resend', resent: Number(values.outboxId) };
	},

	settings: async (event) => {
		const form = await event.request.formData();
		const values = { notify: field(form, 'notify'), digest: form.get('digest') === 'on' };
		try {
			await updateAuthorMailSettings(event.locals.ctx, event.locals.identityId, values);
		} catch (e) {
			return failFromError(event, e, 'settings', values);
		}
		return { form: 'settings', saved: true };
	}
};
