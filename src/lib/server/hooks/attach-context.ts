import type { Handle } from '@sveltejs/kit';
import { getAppContext } from '$server/context/context-registry';
import { hashIp, resolveClientIp } from '$server/security/ip-hash';

/** The process's one context, and the client's IP as a keyed hash (the IP itself is not kept). */
export const attachContext: Handle = ({ event, resolve }) => {
	const ctx = getAppContext();
	event.locals.ctx = ctx;
	const ip = resolveClientIp(
		event.getClientAddress(),
		event.request.headers.get('x-forwarded-for') ?? undefined,
		ctx.config.TRUST_PROXY_HOPS
	);
	event.locals.ipHash = hashIp(ip, ctx.config.ipHashSecret);
	return resolve(event);
};
