import { fail } from '@sveltejs/kit';
import { confirmVerification, describeVerification } from '$server/mail/mail-link-service';
import { readForm } from '$lib/server/form-fields';
import { linkProblemStatus } from '$lib/server/link-status';
import type { Actions, PageServerLoad } from './$types';

/** GET only describes: mail scanners follow links, so confirming takes the button's POST. */
export const load: PageServerLoad = async ({ url, locals, request, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const token = url.searchParams.get('token') ?? '';
	const view = await describeVerification(locals.ctx, token);
	// After a button's POST the link is spent by design: only opening it is refused.
	if (!view.ok && request.method === 'GET') locals.pageStatus = linkProblemStatus(view.problem);
	return { token, view };
};

export const actions: Actions = {
	default: async (event) => {
		const { locals } = event;
		const form = await readForm(event);
		const result = await confirmVerification(locals.ctx, form.get('token'));
		if (!result.ok) return fail(400, { result });
		return { result };
	}
};
