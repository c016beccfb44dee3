import { fail } from '@sveltejs/kit';
import { describeModerationLink, performModerationLink } from '$server/mail/mail-moderation-link';
import { readForm } from '$lib/server/form-fields';
import type { Actions, PageServerLoad } from './$types';

/** GET only shows what the button will do: mail scanners open every link they see. */
export const load: PageServerLoad = async ({ url, locals, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const token = url.searchParams.get('token') ?? '';
	return { token, view: await describeModerationLink(locals.ctx, token) };
};

export const actions: Actions = {
	default: async (event) => {
		const { locals } = event;
		const form = await readForm(event);
		const result = await performModerationLink(locals.ctx, form.get('token'));
		if (!result.ok) return fail(result.problem === 'failed' ? 409 : 400, { result });
		return { result };
	}
};
