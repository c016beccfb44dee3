import { fail, type RequestEvent } from '@sveltejs/kit';
import {
	describeUnsubscribe,
	unsubscribe,
	type UnsubscribeScope
} from '$server/mail/mail-link-service';
import { readForm } from '$lib/server/form-fields';
import { linkProblemStatus } from '$lib/server/link-status';
import type { Actions, PageServerLoad } from './$types';

/**
 * The visible "Se désabonner" link opens this page; its buttons post to the form actions below.
 * The one-click POST of mail clients (RFC 8058) is answered in server/mail/one-click-unsubscribe.ts.
 */
export const load: PageServerLoad = async ({ url, locals, request, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const token = url.searchParams.get('token') ?? '';
	const view = await describeUnsubscribe(locals.ctx, token);
	// After a button's POST the link is spent by design: only opening it is refused.
	if (!view.ok && request.method === 'GET') locals.pageStatus = linkProblemStatus(view.problem);
	return { token, view };
};

async function run(event: RequestEvent, scope: UnsubscribeScope) {
	const form = await readForm(event);
	const result = await unsubscribe(event.locals.ctx, form.get('token'), scope);
	if (!result.ok) return fail(400, { result, scope });
	return { result, scope };
}

export const actions: Actions = {
	thread: (event) => run(event, 'thread'),
	all: (event) => run(event, 'all')
};
