import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { getPage, readerCookie } from '../../helpers/site-http.ts';

const HTTPS_ORIGIN = 'https://fil.example.test';
let plain: FilServer;
let secure: FilServer;
let author: string;
const checked: string[] = [];
printLogsOnFailure(() => [plain, secure]);

function directives(csp: string): Map<string, string[]> {
	return new Map(
		csp
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((parts) => parts[0])
			.map(([name, ...values]) => [name, values])
	);
}

/** The headers every response carries, and for a page a policy that its own scripts satisfy. */
async function expectProtected(label: string, res: Response): Promise<void> {
	checked.push(`${label} ${res.status}`);
	expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
	expect(res.headers.get('referrer-policy'), label).toBe('strict-origin-when-cross-origin');
	const csp = directives(res.headers.get('content-security-policy') ?? '');
	expect(csp.get('frame-ancestors'), label).toEqual(["'none'"]);
	expect(csp.get('object-src'), label).toEqual(["'none'"]);
	const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
	expect(scripts, label).toContain("'self'");
	expect(
		scripts.filter((s) => /unsafe|\*|data:|http/.test(s)),
		label
	).toEqual([]);
	const body = await res.text();
	if (!res.headers.get('content-type')?.includes('text/html')) return;
	// Every inline script is allowed by its hash, and nothing relies on inline handlers.
	for (const [, attrs, code] of body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
		if (/\ssrc=/.test(attrs)) continue;
		// A data block (the article page's island data) is never run: no hash needed, but it
		// must say so.
		if (/\stype="application\/json"/.test(attrs)) continue;
		const hash = `'sha256-${createHash('sha256').update(code).digest('base64')}'`;
		expect(scripts, `${label}: inline script not in the policy`).toContain(hash);
	}
	expect(body.match(/<[a-z][^>]*\son[a-z]+\s*=/gi) ?? [], label).toEqual([]);
	expect(body.match(/href\s*=\s*["']?\s*javascript:/gi) ?? [], label).toEqual([]);
}

function cookieAttributes(res: Response): string[] {
	const header = res.headers.getSetCookie().find((c) => c.startsWith('fil_session='));
	if (!header) throw new Error(`no session cookie (status ${res.status})`);
	return header
		.split(';')
		.slice(1)
		.map((a) => a.trim().toLowerCase());
}

/** Whether a Socket.IO handshake with this Origin is let in. */
function socketAccepts(url: string, origin: string | null, transport: 'websocket' | 'polling') {
	const socket = io(url, {
		transports: [transport],
		forceNew: true,
		reconnection: false,
		extraHeaders: origin === null ? {} : { origin }
	});
	return new Promise<boolean>((resolve) => {
		socket.once('connect', () => {
			socket.disconnect();
			resolve(true);
		});
		socket.once('connect_error', () => {
			socket.disconnect();
			resolve(false);
		});
	});
}

beforeAll(async () => {
	plain = await startServerWithAuthor();
	secure = await startServerWithAuthor({ ORIGIN: HTTPS_ORIGIN });
	author = await signIn(plain.url);
});

afterAll(async () => {
	console.log(`headers: ${checked.length} responses checked (${checked.join(', ')})`);
	await plain?.stop();
	await secure?.stop();
});

describe('security headers on every kind of response', () => {
	it('pages, admin, sign-in, e-mail links, errors, redirects, data and assets', async () => {
		const article = await getPage(plain.url, `/articles/${SLUG}`);
		const asset = /(?:src|href)="([^"]*\/_app\/[^"]+\.(?:js|css))"/.exec(
			await article.clone().text()
		);
		if (!asset) throw new Error('the article page names no /_app/ script or stylesheet');
		await expectProtected('article', article);
		const pages: [string, string, string?][] = [
			['home', '/'],
			['sorted article', `/articles/${SLUG}?tri=reactions&n=100`],
			['sign-in', '/connexion?suite=/admin'],
			['admin, signed out', '/admin'],
			['admin', '/admin', author],
			['admin queue', '/admin?file=tous&page=2', author],
			['settings', '/admin/reglages', author],
			['audit', '/admin/journal', author],
			['mail dashboard', '/admin/e-mails', author],
			['verification link', '/e-mail/verification?token=abc'],
			['moderation link', '/e-mail/moderation?token=abc'],
			['unsubscribe link', '/e-mail/desabonnement?token=abc'],
			['404', '/nulle-part'],
			['404 article', '/articles/absent'],
			['page data', `/articles/${SLUG}/__data.json`],
			['health', '/healthz'],
			['asset', new URL(asset[1], plain.url).pathname]
		];
		for (const [label, path, cookie] of pages) {
			const res = await getPage(plain.url, path, cookie);
			if (label === 'asset') expect(res.status, label).toBe(200);
			await expectProtected(label, res);
		}
		const post = (path: string, body: string, type = 'application/x-www-form-urlencoded') =>
			fetch(`${plain.url}${path}`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: plain.url, accept: 'text/html', 'content-type': type },
				body
			});
		await expectProtected('form error', await post(`/articles/${SLUG}?/comment`, 'body='));
		await expectProtected('reserved action', await post(`/articles/${SLUG}?/default`, 'body='));
		await expectProtected(
			'not a form',
			await post(`/articles/${SLUG}?/comment`, '{}', 'application/json')
		);
		// Socket.IO answers these itself, before the app's handler: its handshake, a poll, and
		// its own error for a transport it does not know.
		const handshake = await fetch(`${plain.url}/socket.io/?EIO=4&transport=polling`);
		const opened = /"sid":"([^"]+)"/.exec(await handshake.clone().text());
		await expectProtected('socket handshake', handshake);
		expect(opened).not.toBeNull();
		const poll = fetch(`${plain.url}/socket.io/?EIO=4&transport=polling&sid=${opened![1]}`);
		// A poll waits for data: a message to the server (a namespace connect) answers it.
		await fetch(`${plain.url}/socket.io/?EIO=4&transport=polling&sid=${opened![1]}`, {
			method: 'POST',
			headers: { 'content-type': 'text/plain;charset=UTF-8' },
			body: '41'
		});
		await expectProtected('socket poll', await poll);
		await expectProtected(
			'socket error',
			await fetch(`${plain.url}/socket.io/?EIO=4&transport=carrier-pigeon`)
		);
	});
});

describe('session cookies', () => {
	it('are HttpOnly and SameSite=Lax, on every door that sets them', async () => {
		const fromApi = await fetch(`${plain.url}/api/session`, {
			method: 'POST',
			headers: { origin: plain.url }
		});
		const fromSignIn = await fetch(`${plain.url}/connexion`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: plain.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'email=autrice%40example.org&password=un+mot+de+passe+solide'
		});
		for (const res of [fromApi, fromSignIn]) {
			const attrs = cookieAttributes(res);
			expect(attrs).toContain('httponly');
			expect(attrs).toContain('samesite=lax');
			expect(attrs).toContain('path=/');
			// Plain http on 127.0.0.1 only: a Secure cookie would never come back.
			expect(attrs).not.toContain('secure');
		}
	});

	it('are Secure too when the site is served over https', async () => {
		const headers = { origin: HTTPS_ORIGIN };
		const fromApi = await fetch(`${secure.url}/api/session`, { method: 'POST', headers });
		const fromSignIn = await fetch(`${secure.url}/connexion`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'email=autrice%40example.org&password=un+mot+de+passe+solide'
		});
		for (const res of [fromApi, fromSignIn]) {
			expect(cookieAttributes(res)).toEqual(
				expect.arrayContaining(['httponly', 'samesite=lax', 'secure'])
			);
		}
	});
});

describe('Socket.IO and foreign origins', () => {
	it('lets in its own origin and programs without one, nobody else', async () => {
		const port = new URL(plain.url).port;
		const cases: [string, string | null, boolean][] = [
			['own origin', plain.url, true],
			['no origin (a program)', null, true],
			['another site', 'https://evil.example', false],
			['another port', `http://127.0.0.1:${Number(port) + 1}`, false],
			['https twin', `https://127.0.0.1:${port}`, false],
			['sandboxed frame', 'null', false]
		];
		for (const [label, origin, allowed] of cases) {
			for (const transport of ['websocket', 'polling'] as const) {
				expect(await socketAccepts(plain.url, origin, transport), `${label} ${transport}`).toBe(
					allowed
				);
			}
		}
		expect(await socketAccepts(secure.url, HTTPS_ORIGIN, 'websocket')).toBe(true);
		expect(await socketAccepts(secure.url, 'http://fil.example.test', 'websocket')).toBe(false);
		expect(await socketAccepts(secure.url, secure.url, 'websocket')).toBe(false);
		const reader = await readerCookie(plain.url);
		expect(reader).toMatch(/^fil_session=/);
	});
});
