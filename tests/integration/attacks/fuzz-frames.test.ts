import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../server/contract/errors.ts';
import type { ThreadSync } from '../../../server/contract/types.ts';
import { snapshotDatabase } from '../../helpers/db-snapshot.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { oddText } from '../../helpers/fuzz-values.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';
import { ackOf, sendRawFrames } from '../../helpers/raw-socket.ts';

let server: FilServer;
let cookie: string;
let writerCookie: string;
let bystander: TestSocket;
let commentId: number;
let before: Record<string, string[]>;
const outcomes = { delivered: 0, answered: 0, closed: 0, silent: 0, obeyed: 0, cookies: 0 };
printLogsOnFailure(() => [server]);

const deep = (n: number, inner: string) => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
const placeholder = '{"_placeholder":true,"num":0}';
const bytes = Buffer.from([1, 2, 3]);

/** Frames no client library sends: each must be refused or cut off, never obeyed. */
const FRAMES: [string, () => (string | Buffer)[]][] = [
	[
		'30,000-deep array with a binary part',
		() => [`451-1["thread:join",${deep(30_000, placeholder)}]`, bytes]
	],
	['30,000-deep array, text', () => [`421["thread:join",${deep(30_000, '0')}]`]],
	[
		'30,000-deep object',
		() => [`421["comment:post",${'{"a":'.repeat(30_000)}0${'}'.repeat(30_000)}]`]
	],
	['broken JSON', () => ['421["thread:join",{"slug":']],
	['event name a number', () => ['421[123,{}]']],
	['event name an object', () => ['421[{"toString":1},{}]']],
	['placeholder out of range', () => [`451-["comment:post",{"_placeholder":true,"num":5}]`, bytes]],
	[
		'placeholder numbered __proto__',
		() => [`451-["comment:post",{"_placeholder":true,"num":"__proto__"}]`, bytes]
	],
	['more attachments announced than sent', () => [`453-["comment:post",${placeholder}]`, bytes]],
	['ack id past 2^64', () => ['4100000000000000000000["thread:join",{}]']],
	['negative ack id', () => ['42-1["thread:join",{}]']],
	['unknown namespace', () => ['42/admin,1["thread:join",{}]']],
	['unknown packet type', () => ['49["thread:join",{}]']],
	['binary frame first', () => [Buffer.from([0xff, 0x00, 0x13])]],
	['reserved event disconnect', () => ['421["disconnect",{}]']],
	['reserved event connect', () => ['421["connect",{}]']],
	['frame over 64 KiB', () => [`421["comment:post",{"body":"${'x'.repeat(70_000)}"}]`]],
	[
		// Were the parser to rebuild it by assignment, `__proto__` would lend the missing `reason`.
		'field lent through __proto__ in a binary packet',
		() => [
			`451-1["comment:report",{"commentId":${commentId},"__proto__":{"reason":"spam","x":${placeholder}}}]`,
			bytes
		]
	],
	[
		'__proto__ as an own key',
		() => [`421["comment:report",{"commentId":${commentId},"__proto__":{"reason":"spam"}}]`]
	]
];

beforeAll(async () => {
	server = await startFilServer();
	cookie = await readerCookie(server.url);
	writerCookie = await readerCookie(server.url);
	const writer = await connectAs(server.url, writerCookie);
	commentId = expectOk(await postComment(writer, 'Un commentaire à signaler')).comment.id;
	writer.disconnect();
	bystander = await connectAs(server.url);
	expectOk(await emitAck(bystander, 'thread:join', { slug: SLUG, since: null }));
	before = await snapshotDatabase(server);
});

afterAll(async () => {
	bystander?.disconnect();
	console.log(
		`fuzz frames: ${outcomes.delivered} frames of ${FRAMES.length} cases delivered, ` +
			`${outcomes.cookies} odd session cookies taken as none; ` +
			`${outcomes.answered} answered with a contract code, ${outcomes.closed} cut off, ` +
			`${outcomes.silent} ignored, ${outcomes.obeyed} obeyed`
	);
	expect(await server?.stop()).toBe(0);
});

describe('hand-made Socket.IO frames', () => {
	for (const [name, frames] of FRAMES) {
		it(`${name}: refused or cut off, the server stays up`, async () => {
			const sent = frames();
			const outcome = await sendRawFrames(server.port, sent, { cookie });
			expect(outcome.connected).toBe(true);
			expect(outcome.delivered).toBe(sent.length);
			outcomes.delivered += outcome.delivered;
			const ack = ackOf(outcome, 1) as { ok: boolean; error?: { code: string } } | undefined;
			if (name.includes('__proto__ '))
				expect(ack).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
			if (ack) {
				expect(ack.ok).toBe(false);
				expect(ERROR_CODES).toContain(ack.error?.code);
				outcomes.answered += 1;
			} else if (outcome.closed) outcomes.closed += 1;
			else outcomes.silent += 1;
			const obeyed = outcome.packets.filter((p) => p.includes('"ok":true'));
			outcomes.obeyed += obeyed.length;
			expect(obeyed).toEqual([]);
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
			expect(bystander.connected).toBe(true);
		});
	}

	// Half the cookies are the comment writer's own valid token with odd text after it: a
	// lenient parse would hand that socket the writer's session.
	it('takes any session cookie as no session', async () => {
		const writerToken = writerCookie.slice('fil_session='.length);
		await fc.assert(
			fc.asyncProperty(oddText.filter(Boolean), fc.boolean(), async (value, onToken) => {
				const bytes = [...new TextEncoder().encode(value)];
				const encoded = bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
				const first = onToken ? `${writerToken}${encoded}` : encoded;
				const odd = `fil_session=${first}; fil_session=%E0%A4%A; fil_session=${value.replace(/[;\r\n]/g, '')}`;
				const socket = await connectAs(server.url, odd.replace(/[^\x20-\x7e]/g, '?'));
				const join = await emitAck<ThreadSync>(socket, 'thread:join', { slug: SLUG, since: 0 });
				const edit = await emitAck(socket, 'comment:edit', { commentId, body: 'Réécrit' });
				const report = await emitAck(socket, 'comment:report', { commentId, reason: 'spam' });
				socket.disconnect();
				expect(join.ok).toBe(true);
				expect(edit).toMatchObject({ ok: false, error: { code: 'SESSION_REQUIRED' } });
				expect(report).toMatchObject({ ok: false, error: { code: 'SESSION_REQUIRED' } });
				outcomes.cookies += 1;
			}),
			{ numRuns: 30 }
		);
	});

	it('leaves the database as it was and the bystander served', async () => {
		expect(await snapshotDatabase(server)).toEqual(before);
		expectOk(await emitAck(bystander, 'thread:page', { slug: SLUG, offset: 0 }));
		for (const res of [
			await fetch(`${server.url}/socket.io/?EIO=3&transport=polling`),
			await fetch(`${server.url}/socket.io/?EIO=4&transport=carrier-pigeon`),
			await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=bogus`, {
				method: 'POST',
				body: '4garbage'
			})
		]) {
			expect(res.status).toBeGreaterThanOrEqual(400);
			expect(res.status).toBeLessThan(500);
		}
	});
});
