import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDatabase } from '../../helpers/db-snapshot.ts';
import { describeRowChecks, newRowChecks, snapshotCounted } from '../../helpers/fuzz-summary.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { FORM_SPECS, formSeed } from '../../helpers/fuzz-forms.ts';
import { signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { commenter } from '../../helpers/mail-test-kit.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

const TOKEN_SECRET = 'origins-test-token-secret-0123456789abcdef';
let server: FilServer;
const cookies: Record<'none' | 'reader' | 'author', string | undefined> = {
	none: undefined,
	reader: undefined,
	author: undefined
};
const links: Record<string, string> = {};
const figures = { crossSite: 0, refused: 0, gets: 0, getErrors: 0 };
const rowChecks = newRowChecks();
printLogsOnFailure(() => [server]);

function signed(payload: object): string {
	const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
	return `${body}.${createHmac('sha256', TOKEN_SECRET).update(`fil-mail-v1.${body}`).digest('base64url')}`;
}

/** Every form action with fields that would work, and the session it needs. */
function everyAction(): {
	path: string;
	as: keyof typeof cookies;
	fields: Record<string, string | string[]>;
}[] {
	return [
		...FORM_SPECS.map((s) => ({ path: s.path, as: s.as, fields: s.valid() })),
		{ path: '/e-mail/verification', as: 'none', fields: { token: links.verify } },
		{ path: '/e-mail/moderation', as: 'none', fields: { token: links.moderate } },
		{ path: '/e-mail/desabonnement?/all', as: 'none', fields: { token: links.unsubscribe } },
		{ path: '/e-mail/desabonnement?/thread', as: 'none', fields: { token: links.unsubscribe } },
		{ path: '/deconnexion', as: 'author', fields: {} },
		{ path: '/api/session', as: 'none', fields: {} }
	];
}

function formBody(fields: Record<string, string | string[]>): URLSearchParams {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
	return body;
}

async function authorStillSignedIn(): Promise<boolean> {
	const res = await fetch(`${server.url}/admin`, {
		headers: { cookie: cookies.author ?? '' },
		redirect: 'manual'
	});
	await res.arrayBuffer();
	return res.status === 200;
}

beforeAll(async () => {
	server = await startServerWithAuthor({ TOKEN_SECRET });
	cookies.author = await signIn(server.url);
	cookies.reader = await readerCookie(server.url);
	const own = await connectAs(server.url, cookies.reader);
	formSeed.own = expectOk(await postComment(own, 'Le mien')).comment.id;
	own.disconnect();
	const asker = await commenter(server.url, 'Abonnée', 'abonnee@example.org');
	formSeed.other = (await asker.post('Prévenez-moi', { notify: true })).id;
	asker.close();
	const [mail] = await queryRows(server, "select id from outbox where kind = 'verify-email'");
	const [account] = await queryRows(server, 'select id from authors');
	const x = Math.floor(Date.now() / 1000) + 3600;
	links.verify = signed({ p: 'v', o: Number(mail.id), x });
	links.unsubscribe = signed({ p: 'u', o: Number(mail.id) });
	links.moderate = signed({
		p: 'm',
		j: 'abcdefghijklmnop',
		c: formSeed.other,
		a: 'reject',
		u: String(account.id),
		x
	});
});

afterAll(async () => {
	console.log(
		`origins: ${figures.crossSite} cross-site posts on ${everyAction().length} actions (foreign Origin and none), ` +
			`${figures.refused} refused 403; ${figures.gets} GET/HEAD requests shaped like actions (valid fields and tokens, ` +
			`every session), ${figures.getErrors} server errors; ${describeRowChecks(rowChecks)}`
	);
	await server?.stop();
});

describe('cross-site posts', () => {
	it('are refused with 403 on every action, however right the fields and session', async () => {
		const before = await snapshotDatabase(server);
		for (const action of everyAction()) {
			for (const origin of ['https://evil.example', `${server.url}.evil.example`, 'null', null]) {
				const headers: Record<string, string> = {
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				};
				if (origin !== null) headers.origin = origin;
				if (cookies[action.as]) headers.cookie = cookies[action.as]!;
				const res = await fetch(`${server.url}${action.path}`, {
					method: 'POST',
					headers,
					body: formBody(action.fields),
					redirect: 'manual'
				});
				await res.arrayBuffer();
				figures.crossSite += 1;
				if (res.status === 403) figures.refused += 1;
				expect(res.status, `${action.path} from ${origin}`).toBe(403);
			}
		}
		expect(await snapshotCounted(server, before, rowChecks)).toEqual(before);
		expect(await authorStillSignedIn()).toBe(true);
		// The same post from the site itself goes through: only the origin stopped the others.
		const control = await fetch(`${server.url}/articles/${SLUG}?/react`, {
			method: 'POST',
			headers: { origin: server.url, cookie: cookies.reader!, accept: 'text/html' },
			body: formBody({ commentId: String(formSeed.other), emoji: '👍' }),
			redirect: 'manual'
		});
		expect(control.status).toBe(303);
		expect(await snapshotDatabase(server)).not.toEqual(before);
	});
});

describe('GET', () => {
	it('of a valid e-mail link shows its button and does not act', async () => {
		const page = (path: string) => fetch(`${server.url}${path}`).then((r) => r.text());
		expect(await page(`/e-mail/verification?token=${links.verify}`)).toContain(
			'Confirmer mon adresse'
		);
		expect(await page(`/e-mail/moderation?token=${links.moderate}`)).toContain(
			'Rejeter ce commentaire ?'
		);
		expect(await page(`/e-mail/desabonnement?token=${links.unsubscribe}`)).toContain('<form');
	});

	it('changes nothing, even shaped like an action, with valid tokens and every session', async () => {
		const before = await snapshotDatabase(server);
		const requests: [string, RequestInit][] = [];
		for (const action of everyAction()) {
			const [path, actionQuery] = action.path.split('?');
			const query = new URLSearchParams(formBody(action.fields));
			if (actionQuery) query.set(actionQuery, '');
			for (const as of ['none', 'reader', 'author'] as const) {
				const headers: Record<string, string> = cookies[as] ? { cookie: cookies[as]! } : {};
				for (const target of [
					`${path}?${query}`,
					`${path.replace(/\/$/, '')}/__data.json?${query}`
				]) {
					requests.push([target, { headers }]);
					requests.push([target, { method: 'HEAD', headers }]);
					requests.push([
						target,
						{ headers: { ...headers, 'x-sveltekit-action': 'true', accept: 'application/json' } }
					]);
				}
			}
		}
		for (const token of Object.values(links)) {
			for (const page of ['/e-mail/verification', '/e-mail/moderation', '/e-mail/desabonnement']) {
				requests.push([`${page}?token=${token}`, {}]);
				requests.push([
					`${page}?token=${token}&/all&/default`,
					{ headers: { cookie: cookies.author! } }
				]);
			}
		}
		requests.push([
			`/articles/${SLUG}?/delete&commentId=${formSeed.own}`,
			{ headers: { cookie: cookies.reader! } }
		]);
		for (const [target, init] of requests) {
			const res = await fetch(`${server.url}${target}`, { ...init, redirect: 'manual' });
			await res.arrayBuffer();
			figures.gets += 1;
			if (res.status >= 500) figures.getErrors += 1;
			expect(res.status, target).toBeLessThan(500);
		}
		expect(await snapshotCounted(server, before, rowChecks)).toEqual(before);
		expect(await authorStillSignedIn()).toBe(true);
	});
});
