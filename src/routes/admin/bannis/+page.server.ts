import { redirect } from '@sveltejs/kit';
import { listBannedCommenters } from '$server/policy/ban-repository';
import { unbanCommenter } from '$server/moderation/ban-service';
import { failFromError } from '$lib/server/form-errors';
import { formText, readForm } from '$lib/server/form-fields';
import { requireAuthorAction } from '$lib/server/require-author';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	banned: await listBannedCommenters(locals.ctx.db)
});

export const actions: Actions = {
	unban: async (event) => {
		const moderator = await requireAuthorAction(event);
		const form = await readForm(event);
		const identityId = formText(form, 'identityId');
		try {
			await unbanCommenter(event.locals.ctx, moderator, { identityId });
		} catch (e) {
			return failFromError(event, e, 'unban', { identityId });
		}
		redirect(303, '/admin/bannis?leve=1');
	}
};
