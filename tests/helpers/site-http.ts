/** Requests as a browser without JavaScript makes them: pages, form posts, session cookies. */

export interface FormOptions {
	cookie?: string;
	ip?: string;
}

/** A form post as a browser without JavaScript sends it (no redirect following). */
export async function postForm(
	url: string,
	path: string,
	fields: Record<string, string | string[]>,
	options: FormOptions = {}
): Promise<Response> {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) {
		for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
	}
	const headers: Record<string, string> = {
		accept: 'text/html',
		origin: url,
		'content-type': 'application/x-www-form-urlencoded'
	};
	if (options.cookie) headers.cookie = options.cookie;
	if (options.ip) headers['x-forwarded-for'] = options.ip;
	return fetch(`${url}${path}`, { method: 'POST', headers, body, redirect: 'manual' });
}

export async function getPage(url: string, path: string, cookie?: string): Promise<Response> {
	return fetch(`${url}${path}`, {
		headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
		redirect: 'manual'
	});
}

export function cookieFrom(res: Response): string {
	const setCookie = res.headers.get('set-cookie');
	if (!setCookie) throw new Error(`no cookie (status ${res.status})`);
	return setCookie.split(';')[0];
}

/** A reader's anonymous session, made as the browser makes it, from a given (forwarded) IP if asked. */
export async function readerCookie(url: string, ip?: string): Promise<string> {
	const res = await fetch(`${url}/api/session`, {
		method: 'POST',
		headers: { origin: url, ...(ip ? { 'x-forwarded-for': ip } : {}) }
	});
	return cookieFrom(res);
}
