import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { postForm, readerCookie } from '../../helpers/site-http.ts';
import { connectAs } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

/** `__proto__`, `constructor`, `valueOf`, `toString`, `hasOwnProperty`… */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

let server: FilServer;
let authorCookie: string;
let commentId: number;
printLogsOnFailure(() => [server]);

/** Every page with form actions, and the session it is posted with. */
function pagesWithActions(): { path: string; cookie?: string }[] {
	const admin = ['/admin', '/admin/bannis', '/admin/reglages', '/admin/e-mails'];
	return [
		{ path: `/articles/${SLUG}` },
		{ path: `/articles/${SLUG}/signaler/${commentId}` },
		{ path: '/connexion' },
		...admin.map((path) => ({ path })),
		...admin.map((path) => ({ path, cookie: authorCookie })),
		{ path: '/e-mail/verification?token=x' },
		{ path: '/e-mail/moderation?token=x' },
		{ path: '/e-mail/desabonnement?token=x' }
	];
}

function errorLines(): string[] {
	return server.logs.filter((line) => /\bERROR\b/.test(line));
}

beforeAll(async () => {
	server = await startServerWithAuthor();
	authorCookie = await signIn(server.url);
	const reader = await connectAs(server.url, await readerCookie(server.url));
	commentId = expectOk(await postComment(reader, 'Un commentaire à signaler')).comment.id;
	reader.disconnect();
});

afterAll(async () => {
	await server?.stop();
});

describe('form actions named after Object.prototype members', () => {
	it('answer 404 on every page with actions, and log no error', async () => {
		const answers: string[] = [];
		for (const { path, cookie } of pagesWithActions()) {
			for (const name of PROTOTYPE_NAMES) {
				const target = `${path}${path.includes('?') ? '&' : '?'}/${name}`;
				const res = await postForm(server.url, target, { body: 'x' }, { cookie });
				await res.arrayBuffer();
				if (res.status !== 404)
					answers.push(`${target}${cookie ? ' (author)' : ''}: ${res.status}`);
			}
		}
		expect(answers).toEqual([]);
		expect(errorLines()).toEqual([]);
	});
});
