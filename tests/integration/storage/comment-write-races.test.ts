import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../../server/contract/errors.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import {
	forEachDatabase,
	selectedDatabases,
	useTestDatabase
} from '../../helpers/for-each-database.ts';
import { signIn, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';
import { eventually } from '../../helpers/wait.ts';
import { TEST_PG_URL } from '../../helpers/pg-schema.ts';

function code(ack: Ack<unknown>): string {
	return ack.ok ? 'ok' : ack.error.code;
}

forEachDatabase('comment writes at the edges', (database) => {
	let server: FilServer;
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		server = await startServerWithAuthor({ ...database.env(), TRUST_PROXY_HOPS: '1' });
	});
	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await server?.stop();
	});

	async function reader(ip = '192.0.2.10'): Promise<TestSocket> {
		const socket = await connectAs(server.url, await readerCookie(server.url, ip), ip);
		sockets.push(socket);
		return socket;
	}

	// Ids are PostgreSQL `serial` (32 bits): past 2^31-1 a query there fails, where SQLite finds
	// no row. Both refuse such an id as malformed before any query.
	it('refuses ids past 2^31 − 1 as malformed on both databases, never with an error', async () => {
		const s = await reader();
		const big = 2 ** 31;
		expect(code(await postComment(s, 'Réponse à un id énorme', { parentId: big }))).toBe(
			'VALIDATION_FAILED'
		);
		for (const [name, payload] of [
			['comment:edit', { commentId: big, body: 'x' }],
			['comment:delete', { commentId: big }],
			['reaction:toggle', { commentId: big, emoji: '👍' }],
			['comment:report', { commentId: big, reason: 'spam' }],
			['thread:join', { slug: SLUG, since: big }]
		] as const) {
			expect(code(await emitAck(s, name, payload)), name).toBe('VALIDATION_FAILED');
		}
		const page = await fetch(`${server.url}/articles/${SLUG}/signaler/${big}`);
		expect(page.status).toBe(404);
		expect(server.logs.join('\n')).not.toMatch(/out of range/);
	});
});

// A ban decided while a post of the banned reader is between its policy check and its commit.
describe.skipIf(!selectedDatabases().includes('postgres'))(
	'a post racing a ban, a reply at the deepest level [postgres]',
	() => {
		const database = useTestDatabase('postgres');
		let server: FilServer;
		let author: TestSocket;
		const sockets: TestSocket[] = [];
		printLogsOnFailure(() => [server]);

		beforeAll(async () => {
			server = await startServerWithAuthor({ ...database.env(), TRUST_PROXY_HOPS: '1' });
			author = await connectAs(server.url, await signIn(server.url), '10.0.0.1');
		});
		afterAll(async () => {
			for (const s of [author, ...sockets]) s?.disconnect();
			await server?.stop();
		});

		// At depth 5 a reply to P is stored as P's sibling: parent_id = P's parent G, reply_to_id = P.
		// enqueueReplyMails tells both parent_id's and reply_to_id's writers, so G's writer is told
		// of a reply to someone else, which a reply to P at any lower depth never does.
		it('tells only the writer of the answered comment at depth 5, not the one above it', async () => {
			const schema = database.pg();
			if (!schema) throw new Error('no schema');
			const chain: number[] = [];
			let parentId: number | null = null;
			for (let depth = 1; depth <= 5; depth++) {
				const ip = `192.0.2.${40 + depth}`;
				const s = await connectAs(server.url, await readerCookie(server.url, ip), ip);
				sockets.push(s);
				const extra: Record<string, unknown> = {
					parentId,
					name: `Niveau ${depth}`,
					email: `niveau${depth}@example.org`,
					// Both the answered writer (5) and the one above it (4) ask to be told.
					notify: depth >= 4
				};
				const c = expectOk(await postComment(s, `Niveau ${depth} du fil profond`, extra)).comment;
				chain.push(c.id);
				parentId = c.id;
			}
			await schema.query(
				"update identities set email_verified = 1 where email in ('niveau4@example.org', 'niveau5@example.org')"
			);
			const replier = await connectAs(
				server.url,
				await readerCookie(server.url, '192.0.2.50'),
				'192.0.2.50'
			);
			sockets.push(replier);
			const deep = expectOk(
				await postComment(replier, 'Je réponds au niveau 5', { parentId: chain[4] })
			).comment;
			expect(deep.replyTo?.id).toBe(chain[4]);
			const mails = await schema.query(
				"select to_address from outbox where kind = 'reply' and payload = $1",
				[JSON.stringify({ commentId: deep.id })]
			);
			expect(mails.map((m) => m.to_address)).toEqual(['niveau5@example.org']);
		});

		it('does not publish a comment whose writer was banned (reject all) before it committed', async () => {
			const schema = database.pg();
			if (!schema) throw new Error('no schema');
			const slow = 'Publié malgré le bannissement';
			const writer = await connectAs(
				server.url,
				await readerCookie(server.url, '192.0.2.30'),
				'192.0.2.30'
			);
			sockets.push(writer);
			const first = expectOk(
				await postComment(writer, 'Premier commentaire du futur banni')
			).comment;
			// The slow post stops at its comment insert (after its policy check) while the test holds
			// the advisory lock.
			await schema.query(`create function hold_comment() returns trigger language plpgsql as $$
			begin
				if new.body = '${slow}' then perform pg_advisory_xact_lock(4250); end if;
				return new;
			end $$`);
			await schema.query(
				'create trigger hold_comment before insert on comments for each row execute function hold_comment()'
			);
			const client = new pg.Client({ connectionString: TEST_PG_URL });
			await client.connect();
			await client.query('select pg_advisory_lock(4250)');
			try {
				const post = postComment(writer, slow);
				await eventually('the post waits', async () => {
					const [row] = await queryRows(
						server,
						"select count(*) as n from pg_locks where locktype = 'advisory' and objid = 4250 and not granted"
					);
					return Number(row.n) > 0;
				});
				const ban = emitAck(author, 'moderation:ban', {
					commentId: first.id,
					includeIp: true,
					rejectAll: true
				});
				// The ban commits first, or waits for the post (which holds the writer's row).
				await Promise.race([ban, new Promise((r) => setTimeout(r, 1000))]);
				await client.query('select pg_advisory_unlock(4250)');
				const ack = await post;
				expectOk(await ban);
				const rows = await queryRows(server, 'select status from comments where body = $1', [slow]);
				// Refused (BANNED) or at least not left published after "reject all".
				expect({ ack: code(ack), status: rows[0]?.status ?? null }).not.toMatchObject({
					ack: 'ok',
					status: 'published'
				});
			} finally {
				await client.end();
				await schema.query('drop trigger hold_comment on comments');
				await schema.query('drop function hold_comment()');
			}
		});
	}
);
