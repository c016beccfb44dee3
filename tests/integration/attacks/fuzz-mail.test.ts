import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_PROBLEMS } from '../../../src/routes/e-mail/link-messages.ts';
import { snapshotDatabase } from '../../helpers/db-snapshot.ts';
import {
	describeRowChecks,
	describeStatuses,
	newRowChecks,
	snapshotCounted
} from '../../helpers/fuzz-summary.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { countOf, oddText, prototypeKeyed } from '../../helpers/fuzz-values.ts';
import { figure } from '../../helpers/load-client.ts';
import { commenter } from '../../helpers/mail-test-kit.ts';
import { queryRows } from '../../helpers/server-db.ts';

// With the secret, the suite also signs tokens whose payload is wrong: the pages must not
// trust a signature alone.
const TOKEN_SECRET = 'fuzz-mail-token-secret-0123456789abcdefgh';
const PAGES = ['/e-mail/verification', '/e-mail/moderation', '/e-mail/desabonnement'];
const FORMS = [
	'/e-mail/verification',
	'/e-mail/moderation',
	'/e-mail/desabonnement?/all',
	'/e-mail/desabonnement?/thread'
];
const PAGE_PROBLEMS = [...Object.values(LINK_PROBLEMS), 'Ce commentaire n’existe plus.'];

let server: FilServer;
let before: Record<string, string[]>;
const statuses = new Map<string, number>();
const rowChecks = newRowChecks();
let tokens = 0;
printLogsOnFailure(() => [server]);

const b64 = (s: string) => Buffer.from(s).toString('base64url');
function signed(body: string): string {
	return `${body}.${createHmac('sha256', TOKEN_SECRET).update(`fil-mail-v1.${body}`).digest('base64url')}`;
}

/** Percent-encodes every UTF-8 byte (encodeURIComponent throws on a lone surrogate). */
function encode(value: string): string {
	return [...new TextEncoder().encode(value)]
		.map((b) => `%${b.toString(16).padStart(2, '0')}`)
		.join('');
}

// No id below 1000 exists: a well-signed token never names a real mail or comment.
const farId = fc.oneof(fc.integer({ min: 1000 }), fc.constantFrom(0, -1, 1.5, '1', null));
const future = Math.floor(Date.now() / 1000) + 3600;
const payload = fc.oneof(
	fc.jsonValue(),
	prototypeKeyed,
	fc.record({ p: fc.constantFrom('v', 'u'), o: farId }),
	fc.record({
		p: fc.constantFrom('v', 'x', 'V'),
		o: farId,
		x: fc.constantFrom(future, 1, -5, 'demain')
	}),
	fc.record({
		p: fc.constant('m'),
		j: fc.constantFrom('aaaaaaaaaaaaaaaa', 'AAAA', 'a'.repeat(41), ''),
		c: farId,
		a: fc.constantFrom('approve', 'delete', 'APPROVE', 'pin'),
		u: fc.constantFrom('', 'personne', 'x'.repeat(101)),
		x: fc.constantFrom(future, 1)
	}),
	fc.record({ p: fc.constant('u'), o: fc.integer({ min: 1000 }), extra: fc.jsonValue() })
);
const token: fc.Arbitrary<string | undefined> = fc.oneof(
	fc.constant(undefined),
	oddText,
	fc.constantFrom('', '.', 'a.b', 'x'.repeat(700), `${'A'.repeat(20)}.${'B'.repeat(43)}`),
	payload.map(
		(p) => `${b64(JSON.stringify(p))}.${b64('not the signature, just 43 characters long')}`
	),
	payload.map((p) => signed(b64(JSON.stringify(p)))),
	fc
		.uint8Array({ minLength: 8, maxLength: 64 })
		.map((bytes) => signed(Buffer.from(bytes).toString('base64url')))
);

function query(t: string | undefined): string {
	return t === undefined ? '' : `?token=${encode(t)}`;
}

beforeAll(async () => {
	server = await startFilServer({ env: { TOKEN_SECRET } });
	// A verification mail waits in the outbox: the links below must leave it as it is.
	const reader = await commenter(server.url, 'Lectrice', 'lectrice.mail@example.org');
	await reader.post('Prévenez-moi des réponses', { notify: true });
	reader.close();
	expect((await queryRows(server, 'select id from outbox')).length).toBeGreaterThan(0);
	before = await snapshotDatabase(server);
});

afterAll(async () => {
	const summary = [...statuses].map(([s, n]) => `${s}: ${figure(n)}`).join(', ');
	console.log(
		`fuzz e-mail links: ${figure(tokens)} tokens (garbage, forged, and signed with a wrong payload) ` +
			`× ${PAGES.length} pages, ${FORMS.length} buttons and one-click; answers ${summary}; ` +
			`${describeStatuses(statuses)}, ${describeRowChecks(rowChecks)}`
	);
	expect(await server?.stop()).toBe(0);
});

describe('e-mail links under fuzzing', () => {
	it('describe a bad link as such, refuse its buttons with 4xx, and change nothing', async () => {
		await fc.assert(
			fc.asyncProperty(token, async (t) => {
				tokens += 1;
				for (const page of PAGES) {
					const res = await fetch(`${server.url}${page}${query(t)}`, {
						headers: { accept: 'text/html' }
					});
					const html = await res.text();
					countOf(statuses, `GET ${res.status}`);
					// A bad link is refused (4xx), and the page still says why in French.
					expect(res.status, `${page} ${t}`).toBeGreaterThanOrEqual(400);
					expect(res.status, `${page} ${t}`).toBeLessThan(500);
					if (res.headers.get('content-type')?.includes('text/html')) {
						expect(
							PAGE_PROBLEMS.some((p) => html.includes(p)),
							`${page} ${t}`
						).toBe(true);
						expect(html).not.toContain('<form method="POST"');
					}
				}
				for (const form of FORMS) {
					const body = new URLSearchParams(t === undefined ? {} : { token: t });
					const res = await fetch(`${server.url}${form}`, {
						method: 'POST',
						body,
						redirect: 'manual',
						headers: { origin: server.url, accept: 'text/html' }
					});
					await res.arrayBuffer();
					countOf(statuses, `POST ${res.status}`);
					expect(res.status, `${form} ${t}`).toBeGreaterThanOrEqual(400);
					expect(res.status, `${form} ${t}`).toBeLessThan(500);
				}
				// RFC 8058: the mail client posts without cookie nor Origin.
				const oneClick = await fetch(`${server.url}/e-mail/desabonnement${query(t)}`, {
					method: 'POST',
					body: 'List-Unsubscribe=One-Click',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					redirect: 'manual'
				});
				await oneClick.arrayBuffer();
				countOf(statuses, `one-click ${oneClick.status}`);
				expect(oneClick.status).toBeGreaterThanOrEqual(400);
				expect(oneClick.status).toBeLessThan(500);
			}),
			{ numRuns: 60 }
		);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		expect(await snapshotCounted(server, before, rowChecks)).toEqual(before);
	}, 120_000);
});
