import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ERROR_CODES, type Ack } from '../../../server/contract/errors.ts';
import { COMMAND_NAMES } from '../../../server/contract/events.ts';
import { bodySchema, nameSchema } from '../../../server/contract/schemas.ts';
import type { PublicComment } from '../../../server/contract/types.ts';
import { snapshotDatabase } from '../../helpers/db-snapshot.ts';
import { describeRowChecks, newRowChecks, snapshotCounted } from '../../helpers/fuzz-summary.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { forEachDatabase } from '../../helpers/for-each-database.ts';
import { COMMAND_SPECS, malformedArgs, seeded } from '../../helpers/fuzz-commands.ts';
import { countOf, oddText } from '../../helpers/fuzz-values.ts';
import { figure } from '../../helpers/load-client.ts';
import { signIn, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

const RUNS = 50;
const RESERVED = [
	'connect',
	'connect_error',
	'disconnect',
	'disconnecting',
	'newListener',
	'removeListener'
];

/** Emits `name` with exactly these arguments and an acknowledgement. */
function emitArgs(socket: TestSocket, name: string, args: unknown[]): Promise<Ack<unknown>> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no answer to ${name}`)), 10_000);
		(socket.emit as (...a: unknown[]) => void)(name, ...args, (ack: Ack<unknown>) => {
			clearTimeout(timer);
			resolve(ack);
		});
	});
}

function describeArgs(args: unknown[]): string {
	return JSON.stringify(args, (_k, v: unknown) =>
		typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length})` : v
	).slice(0, 300);
}

/** A refusal from the contract's list, with a message for people. */
function expectRefusal(ack: Ack<unknown>, what: string, codes: Map<string, number>): string {
	countOf(codes, ack.ok ? 'ok' : ack.error.code);
	expect(ack.ok, `${what} was accepted`).toBe(false);
	if (ack.ok) return 'ok';
	expect(ERROR_CODES, what).toContain(ack.error.code);
	expect(ack.error.message.length, what).toBeGreaterThan(0);
	return ack.error.code;
}

forEachDatabase('socket commands under fuzzing', (database) => {
	let server: FilServer;
	const sockets: Record<'reader' | 'author', TestSocket> = {} as never;
	const codes = new Map<string, number>();
	const rowChecks = newRowChecks();
	let healthy = 0;
	let sent = 0;
	printLogsOnFailure(() => [server]);

	async function expectHealthy(before: Record<string, string[]>) {
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		expect(sockets.reader.connected && sockets.author.connected).toBe(true);
		healthy += 1;
		expect(await snapshotCounted(server, before, rowChecks)).toEqual(before);
	}

	beforeAll(async () => {
		server = await startServerWithAuthor(database.env());
		sockets.author = await connectAs(server.url, await signIn(server.url));
		sockets.reader = await connectAs(server.url, await readerCookie(server.url));
		const other = await connectAs(server.url, await readerCookie(server.url));
		seeded.own = expectOk(await postComment(sockets.reader, 'Le mien')).comment.id;
		seeded.other = expectOk(await postComment(other, 'Celui d’une autre')).comment.id;
		other.disconnect();
	});

	afterAll(async () => {
		sockets.reader?.disconnect();
		sockets.author?.disconnect();
		const summary = [...codes].map(([c, n]) => `${c} ${figure(n)}`).join(', ');
		console.log(
			`fuzz sockets [${database.kind}]: ${figure(sent)} malformed commands on ` +
				`${COMMAND_SPECS.length} commands + unknown names, ${codes.get('ok') ?? 0} accepted, answers: ${summary}; ` +
				`server up and both sockets connected after ${healthy} batches, ${describeRowChecks(rowChecks)}`
		);
		expect(await server?.stop()).toBe(0);
	});

	it('covers every command of the contract', () => {
		expect(COMMAND_SPECS.map((s) => s.name).sort()).toEqual([...COMMAND_NAMES].sort());
	});

	for (const spec of COMMAND_SPECS) {
		it(`refuses malformed ${spec.name} with a code from the contract`, async () => {
			const before = await snapshotDatabase(server);
			await fc.assert(
				fc.asyncProperty(malformedArgs(spec), async ({ how, args }) => {
					sent += 1;
					const ack = await emitArgs(sockets[spec.as], spec.name, args);
					expectRefusal(ack, `${spec.name} ${how} ${describeArgs(args)}`, codes);
				}),
				{ numRuns: RUNS }
			);
			await expectHealthy(before);
		});
	}

	it('answers NOT_FOUND to names outside the contract', async () => {
		const before = await snapshotDatabase(server);
		const names = fc
			.oneof(oddText, fc.constantFrom('comment:POST', 'admin:delete', 'thread:join ', '__proto__'))
			.filter(
				(n) =>
					n !== '' && !RESERVED.includes(n) && !(COMMAND_NAMES as readonly string[]).includes(n)
			);
		await fc.assert(
			fc.asyncProperty(names, fc.jsonValue(), async (name, payload) => {
				sent += 1;
				const ack = await emitArgs(sockets.reader, name, [payload]);
				expectRefusal(ack, name, codes);
				expect(ack.ok || ack.error.code).toBe('NOT_FOUND');
			}),
			{ numRuns: RUNS }
		);
		await expectHealthy(before);
	});

	it('stores odd but well-formed text as acknowledged, or refuses it, never fails', async () => {
		const acked = new Map<number, PublicComment>();
		let n = 0;
		await fc.assert(
			fc.asyncProperty(oddText, oddText, async (odd1, odd2) => {
				n += 1;
				const name = `${odd1}`.slice(0, 60);
				const body = `${odd2} n°${n}`;
				const ack = await postComment(sockets.reader, body, { name });
				const wanted = { body: bodySchema.safeParse(body), name: nameSchema.safeParse(name) };
				if (wanted.body.success && wanted.name.success) {
					const comment = expectOk(ack).comment;
					expect(comment.body).toBe(wanted.body.data);
					expect(comment.author.name).toBe(wanted.name.data);
					acked.set(comment.id, comment);
				} else {
					expect(ack.ok || ack.error.code).toBe('VALIDATION_FAILED');
				}
			}),
			{ numRuns: 40 }
		);
		const rows = await queryRows(server, 'select id, body, author_name from comments');
		for (const row of rows) {
			const comment = acked.get(Number(row.id));
			if (!comment) continue;
			expect(row.body).toBe(comment.body);
			expect(row.author_name).toBe(comment.author.name);
		}
		console.log(
			`fuzz odd text [${database.kind}]: ${n} posts, ${acked.size} stored exactly, rest refused`
		);
		expect(acked.size).toBeGreaterThan(0);
	});
});
