import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type Ack } from '../../../server/contract/errors.ts';
import type { ThreadPage } from '../../../server/contract/types.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';

let server: FilServer;
let socket: TestSocket;

const validPost = {
	slug: SLUG,
	body: 'Un commentaire valide',
	name: 'Valide',
	email: 'valide@example.org',
	idempotencyKey: 'contract-valid-0001'
};

async function countComments(): Promise<number> {
	const ack = await emitAck<ThreadPage>(socket, 'thread:page', {
		slug: SLUG,
		sort: 'oldest',
		offset: 0
	});
	if (!ack.ok) throw new Error('page failed');
	return ack.data.comments.length;
}

beforeAll(async () => {
	server = await startFilServer();
	socket = await connectAs(server.url, await readerCookie(server.url));
	await emitAck(socket, 'thread:join', { slug: SLUG, since: null });
});

afterAll(async () => {
	socket?.disconnect();
	await server?.stop();
});

describe('the wire contract refuses bad input with its error codes', () => {
	const cases: [string, string, unknown, string, string?][] = [
		['comment:post', 'no payload', undefined, 'VALIDATION_FAILED'],
		['comment:post', 'a string', 'hello', 'VALIDATION_FAILED'],
		['comment:post', 'empty body', { ...validPost, body: '   \n ' }, 'VALIDATION_FAILED', 'body'],
		[
			'comment:post',
			'body too long',
			{ ...validPost, body: 'x'.repeat(5001) },
			'VALIDATION_FAILED',
			'body'
		],
		[
			'comment:post',
			'name too long',
			{ ...validPost, name: 'n'.repeat(81) },
			'VALIDATION_FAILED',
			'name'
		],
		[
			'comment:post',
			'bad e-mail',
			{ ...validPost, email: 'pas-une-adresse' },
			'VALIDATION_FAILED',
			'email'
		],
		[
			'comment:post',
			'javascript: website',
			{ ...validPost, website: 'javascript:alert(1)' },
			'VALIDATION_FAILED',
			'website'
		],
		['comment:post', 'extra field', { ...validPost, admin: true }, 'VALIDATION_FAILED'],
		[
			'comment:post',
			'__proto__ key',
			JSON.parse('{"__proto__":{"x":1},"slug":"cout-de-l-ia"}'),
			'VALIDATION_FAILED'
		],
		['comment:post', 'number body', { ...validPost, body: 42 }, 'VALIDATION_FAILED', 'body'],
		['comment:post', 'unknown article', { ...validPost, slug: 'nope' }, 'NOT_FOUND'],
		['comment:post', 'unknown parent', { ...validPost, parentId: 999999 }, 'NOT_FOUND'],
		[
			'comment:post',
			'bad key',
			{ ...validPost, idempotencyKey: 'x' },
			'VALIDATION_FAILED',
			'idempotencyKey'
		],
		[
			'reaction:toggle',
			'unknown emoji',
			{ commentId: 1, emoji: '💩' },
			'VALIDATION_FAILED',
			'emoji'
		],
		[
			'reaction:toggle',
			'string id',
			{ commentId: '1', emoji: '👍' },
			'VALIDATION_FAILED',
			'commentId'
		],
		['comment:edit', 'negative id', { commentId: -1, body: 'x' }, 'VALIDATION_FAILED', 'commentId'],
		['comment:delete', 'missing id', {}, 'VALIDATION_FAILED', 'commentId'],
		['thread:join', 'bad slug', { slug: '../etc/passwd' }, 'VALIDATION_FAILED', 'slug'],
		[
			'thread:page',
			'bad sort',
			{ slug: SLUG, sort: 'random', offset: 0 },
			'VALIDATION_FAILED',
			'sort'
		]
	];

	it.each(cases)('%s with %s', async (event, _label, payload, code, field) => {
		const before = await countComments();
		const ack = (await emitAck(socket, event as 'comment:post', payload)) as Ack<unknown>;
		expect(ack.ok).toBe(false);
		if (ack.ok) return;
		expect(ack.error.code).toBe(code);
		expect(ERROR_CODES).toContain(ack.error.code);
		expect(ack.error.message.length).toBeGreaterThan(5);
		if (field) expect(ack.error.fields?.[field]).toMatch(/\p{L}/u);
		expect(await countComments()).toBe(before);
	});

	it('answers an event outside the contract with an error, and keeps serving', async () => {
		const ack = (await emitAck(socket, 'admin:drop-tables' as 'comment:post', {})) as Ack<unknown>;
		expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
		expect((await emitAck(socket, 'comment:post', validPost)).ok).toBe(true);
	});

	it('refuses a post without a session, and stores nothing', async () => {
		const anonymous = await connectAs(server.url);
		const before = await countComments();
		const ack = (await emitAck(anonymous, 'comment:post', {
			...validPost,
			idempotencyKey: 'no-session-1'
		})) as Ack<unknown>;
		expect(ack).toMatchObject({ ok: false, error: { code: 'SESSION_REQUIRED' } });
		expect(await countComments()).toBe(before);
		anonymous.disconnect();
	});

	it('drops a socket whose payload is over the size cap, and keeps serving others', async () => {
		const big = await connectAs(server.url);
		const closed = new Promise<string>((resolve) =>
			big.once('disconnect', (reason) => resolve(reason))
		);
		big.emit('comment:post', { ...validPost, body: 'x'.repeat(200_000) }, () => undefined);
		expect(await closed).toMatch(/transport/);
		const ok = await emitAck(socket, 'thread:page', { slug: SLUG, sort: 'oldest', offset: 0 });
		expect(ok.ok).toBe(true);
	});
});
