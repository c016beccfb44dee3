import { error, type Handle } from '@sveltejs/kit';
import { ERROR_MESSAGES } from '$contract/errors';

/** SvelteKit takes `?/default` for a programming error (500); from outside it is a wrong address. */
export const refuseDefaultAction: Handle = ({ event, resolve }) => {
	if (event.url.searchParams.has('/default')) {
		error(404, { message: ERROR_MESSAGES.NOT_FOUND, code: 'NOT_FOUND' });
	}
	return resolve(event);
};
