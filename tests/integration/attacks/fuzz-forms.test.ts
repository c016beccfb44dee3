import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDatabase } from '../../helpers/db-snapshot.ts';
import {
	describeRowChecks,
	describeStatuses,
	newRowChecks,
	snapshotCounted
} from '../../helpers/fuzz-summary.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { FORM_SPECS, formSeed, malformedForm, type FormRequest } from '../../helpers/fuzz-forms.ts';
import { countOf } from '../../helpers/fuzz-values.ts';
import { figure } from '../../helpers/load-client.ts';
import { signIn, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

const RUNS = 40;

let server: FilServer;
const cookies: Record<'none' | 'reader' | 'author', string | undefined> = {
	none: undefined,
	reader: undefined,
	author: undefined
};
const statuses = new Map<string, number>();
const rowChecks = newRowChecks();
let sent = 0;
printLogsOnFailure(() => [server]);

async function send(path: string, as: keyof typeof cookies, request: FormRequest) {
	const headers: Record<string, string> = { origin: server.url };
	if (request.contentType) headers['content-type'] = request.contentType;
	if (cookies[as]) headers.cookie = cookies[as];
	if (request.enhanced) {
		headers.accept = 'application/json';
		headers['x-sveltekit-action'] = 'true';
	} else headers.accept = 'text/html';
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		headers,
		body: request.body,
		redirect: 'manual'
	});
}

/** Refused with a 4xx: directly, or as the `failure` an enhanced form receives. */
async function refusalStatus(res: Response): Promise<number> {
	if (res.status === 200 && res.headers.get('content-type')?.includes('application/json')) {
		const json = (await res.json()) as { type: string; status?: number };
		expect(json.type).toBe('failure');
		return json.status ?? 0;
	}
	await res.arrayBuffer();
	return res.status;
}

beforeAll(async () => {
	server = await startServerWithAuthor();
	cookies.author = await signIn(server.url);
	cookies.reader = await readerCookie(server.url);
	const own = await connectAs(server.url, cookies.reader);
	const other = await connectAs(server.url, await readerCookie(server.url));
	formSeed.own = expectOk(await postComment(own, 'Le mien')).comment.id;
	formSeed.other = expectOk(await postComment(other, 'Celui d’une autre')).comment.id;
	own.disconnect();
	other.disconnect();
});

afterAll(async () => {
	const summary = [...statuses].map(([s, n]) => `${s}: ${figure(n)}`).join(', ');
	console.log(
		`fuzz forms: ${figure(sent)} malformed posts on ${FORM_SPECS.length} form actions ` +
			`(urlencoded, multipart with files, bad escapes, raw bytes, other types; plain and enhanced), ` +
			`answers ${summary}; ${describeStatuses(statuses)}, ${describeRowChecks(rowChecks)}`
	);
	expect(await server?.stop()).toBe(0);
});

describe('form actions under fuzzing', () => {
	for (const spec of FORM_SPECS) {
		it(`${spec.path} (${spec.as}) answers 4xx to malformed posts and stores nothing`, async () => {
			const before = await snapshotDatabase(server);
			await fc.assert(
				fc.asyncProperty(malformedForm(spec), async (request) => {
					sent += 1;
					const res = await send(spec.path, spec.as, request);
					// No session is handed out for a malformed post.
					expect(res.headers.get('set-cookie') ?? '').not.toContain('fil_session=');
					const status = await refusalStatus(res);
					countOf(statuses, String(status));
					expect(status, `${spec.path} ${request.how}`).toBeGreaterThanOrEqual(400);
					expect(status, `${spec.path} ${request.how}`).toBeLessThan(500);
				}),
				{ numRuns: spec.path === '/connexion' ? 10 : RUNS }
			);
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
			expect(await snapshotCounted(server, before, rowChecks)).toEqual(before);
		});
	}
});
