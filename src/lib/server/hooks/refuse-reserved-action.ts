import { error, type Handle } from '@sveltejs/kit';
import { ERROR_MESSAGES } from '$contract/errors';

/**
 * SvelteKit takes `?/default` for a programming error (500), and looks an action up with
 * `actions[name]`, so `?/__proto__`, `?/constructor`, `?/toString`… find Object's own members
 * and fail as 500 too. From outside each is a wrong address: 404, as any unknown action.
 */
function isReservedAction(name: string): boolean {
	return name === 'default' || name in Object.prototype;
}

export const refuseReservedAction: Handle = ({ event, resolve }) => {
	for (const key of event.url.searchParams.keys()) {
		if (key.startsWith('/') && isReservedAction(key.slice(1))) {
			error(404, { message: ERROR_MESSAGES.NOT_FOUND, code: 'NOT_FOUND' });
		}
	}
	return resolve(event);
};
