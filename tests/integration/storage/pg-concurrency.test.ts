import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../../server/contract/errors.ts';
import type { PublicComment, ThreadPage } from '../../../server/contract/types.ts';
import { createMailToken, expiryFromNow, newTokenId } from '../../../server/mail/mail-tokens.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { selectedDatabases, useTestDatabase } from '../../helpers/for-each-database.ts';
import { saveSiteSettings, signIn, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { submitForm } from '../../helpers/mail-test-kit.ts';
import { queryRows } from '../../helpers/server-db.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';
import { eventually } from '../../helpers/wait.ts';
import { TEST_PG_URL } from '../../helpers/pg-schema.ts';

const TOKEN_SECRET = 'pg-concurrency-token-secret-0123456789abcdef';

function code(ack: Ack<unknown>): string {
	return ack.ok ? 'ok' : ack.error.code;
}

/** A connection of the test's own, holding an advisory lock that a trigger in the server waits on. */
async function holdAdvisoryLock(key: number): Promise<{ release(): Promise<void> }> {
	const client = new pg.Client({ connectionString: TEST_PG_URL });
	await client.connect();
	await client.query('select pg_advisory_lock($1)', [key]);
	return {
		release: async () => {
			await client.query('select pg_advisory_unlock($1)', [key]);
			await client.end();
		}
	};
}

async function someoneWaitsOnAdvisory(server: FilServer, key: number): Promise<boolean> {
	const [row] = await queryRows(
		server,
		"select count(*) as n from pg_locks where locktype = 'advisory' and objid = $1 and not granted",
		[key]
	);
	return Number(row.n) > 0;
}

// Several connections write at once only on PostgreSQL (SQLite runs one transaction at a time).
describe.skipIf(!selectedDatabases().includes('postgres'))('PostgreSQL under concurrency', () => {
	const database = useTestDatabase('postgres');
	let server: FilServer;
	let authorCookie: string;
	const sockets: TestSocket[] = [];
	printLogsOnFailure(() => [server]);

	beforeAll(async () => {
		server = await startServerWithAuthor({
			...database.env(),
			TOKEN_SECRET,
			TRUST_PROXY_HOPS: '1'
		});
		authorCookie = await signIn(server.url);
	});

	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		await server?.stop();
	});

	async function reader(ip = '192.0.2.1'): Promise<TestSocket> {
		const socket = await connectAs(server.url, await readerCookie(server.url), ip);
		sockets.push(socket);
		return socket;
	}

	it('answers racing repeats of one post with that post, never DUPLICATE', async () => {
		const writer = await reader();
		const outcomes: string[] = [];
		// The window is narrow (between two reads of the repeat): many tries make it show.
		for (let i = 0; i < 150; i++) {
			const payload = {
				slug: 'cout-de-l-ia',
				parentId: null,
				body: `Envoyé trois fois d’un coup ${i}`,
				name: 'Lectrice',
				email: 'lectrice.privee@example.org',
				website: '',
				idempotencyKey: `repeat-${i}-${Date.now()}`
			};
			const acks = await Promise.all(
				[1, 2, 3].map(() => emitAck<{ comment: PublicComment }>(writer, 'comment:post', payload))
			);
			const ids = new Set(acks.map((a) => (a.ok ? a.data.comment.id : a.error.code)));
			outcomes.push(ids.size === 1 && acks.every((a) => a.ok) ? 'one' : [...ids].join(','));
		}
		expect(outcomes.filter((o) => o !== 'one')).toEqual([]);
	});

	it('keeps reaction counts equal to the rows when toggles race', async () => {
		const writer = await reader();
		const target = expectOk(await postComment(writer, 'Réagissez tous en même temps')).comment;
		const togglers = await Promise.all([reader(), reader(), reader()]);
		const emojis = ['👍', '👍', '❤️', '😂'];
		const acks = await Promise.all(
			togglers.flatMap((s) =>
				Array.from({ length: 20 }, (_, i) =>
					emitAck(s, 'reaction:toggle', { commentId: target.id, emoji: emojis[i % 4] })
				)
			)
		);
		expect(acks.map(code).filter((c) => c !== 'ok')).toEqual([]);
		const rows = await queryRows(
			server,
			'select emoji, count(*) as n from reactions where comment_id = $1 group by emoji',
			[target.id]
		);
		const expected: Record<string, number> = Object.fromEntries(
			rows.map((r) => [String(r.emoji), Number(r.n)])
		);
		const [comment] = await queryRows(server, 'select reaction_count from comments where id = $1', [
			target.id
		]);
		const total = Object.values(expected).reduce((sum, n) => sum + n, 0);
		expect(Number(comment.reaction_count)).toBe(total);
		// What a reader arriving now is shown: the counts kept per emoji.
		const shown = await emitAck<ThreadPage>(await reader(), 'thread:page', {
			slug: 'cout-de-l-ia',
			sort: 'newest',
			offset: 0
		});
		const seen = shown.ok ? shown.data.comments.find((c) => c.id === target.id) : undefined;
		expect(seen?.reactions).toEqual(expected);
	});

	it('holds every comment that three addresses report at the same moment', async () => {
		const writer = await reader();
		const targets: PublicComment[] = [];
		for (let i = 0; i < 12; i++) {
			targets.push(expectOk(await postComment(writer, `Signalé par trois à la fois ${i}`)).comment);
		}
		const reporters = await Promise.all(
			['198.51.100.11', '198.51.100.12', '198.51.100.13'].map((ip) => reader(ip))
		);
		const acks = await Promise.all(
			reporters.flatMap((s) =>
				targets.map((t) => emitAck(s, 'comment:report', { commentId: t.id, reason: 'abuse' }))
			)
		);
		expect(acks.map(code).filter((c) => c !== 'ok')).toEqual([]);
		const ids = targets.map((t) => t.id);
		const rows = await queryRows(server, 'select status from comments where id = any($1)', [ids]);
		expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'held'));
		const holds = await queryRows(
			server,
			"select count(*) as n from audit_log where action = 'hold' and comment_id = any($1)",
			[ids]
		);
		expect(Number(holds[0].n)).toBe(ids.length);
	});

	it('publishes a held comment once when two moderators approve it together', async () => {
		await saveSiteSettings(server.url, authorCookie, { preModeration: 'all' });
		const writer = await reader();
		const ids: number[] = [];
		for (let i = 0; i < 8; i++) {
			ids.push(
				expectOk(await postComment(writer, `En attente, approuvé deux fois ${i}`)).comment.id
			);
		}
		await saveSiteSettings(server.url, authorCookie, { preModeration: 'none' });
		const moderators = await Promise.all([1, 2].map(() => connectAs(server.url, authorCookie)));
		sockets.push(...moderators);
		const acks = await Promise.all(
			moderators.flatMap((m) =>
				ids.map((commentId) => emitAck(m, 'moderation:act', { commentId, action: 'approve' }))
			)
		);
		expect(acks.map(code).filter((c) => c !== 'ok')).toEqual([]);
		const created = await queryRows(
			server,
			"select comment_id, count(*) as n from events where type = 'comment:created' and comment_id = any($1) group by comment_id",
			[ids]
		);
		expect(created.map((r) => Number(r.n))).toEqual(ids.map(() => 1));
	});

	it('gives a private event the id of a public event committed before it', async () => {
		const pg = database.pg();
		if (!pg) throw new Error('no schema');
		const slow = 'Publication retenue au vol';
		await saveSiteSettings(server.url, authorCookie, { suspectWords: 'casino' });
		// The public post stops after taking its event id (the article row is locked) and before
		// committing, for as long as the test holds the advisory lock.
		await pg.query(`create function hold_public_post() returns trigger language plpgsql as $$
			begin
				if (select c.body from comments c where c.id = new.comment_id) = '${slow}' then
					perform pg_advisory_xact_lock(4242);
				end if;
				return new;
			end $$`);
		await pg.query(
			'create trigger hold_public_post before insert on events for each row execute function hold_public_post()'
		);
		const lock = await holdAdvisoryLock(4242);
		try {
			const [a, b] = [await reader(), await reader()];
			const publicPost = postComment(a, slow);
			await eventually('the public post waits', () => someoneWaitsOnAdvisory(server, 4242));
			let heldDone = false;
			const heldPost = postComment(b, 'Venez au casino').finally(() => (heldDone = true));
			// Either the held post is done (it did not wait: the bug) or it waits for the article row.
			await eventually('the held post is done or waits', async () => {
				if (heldDone) return true;
				const [row] = await queryRows(
					server,
					"select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'update \"articles\"%'"
				);
				return Number(row.n) > 0;
			});
			await lock.release();
			const published = expectOk(await publicPost).comment;
			const held = expectOk(await heldPost).comment;
			expect(held.status).toBe('held');
			const [event] = await queryRows(
				server,
				"select id from events where comment_id = $1 and type = 'comment:created'",
				[published.id]
			);
			const [privateEvent] = await queryRows(
				server,
				'select after_event_id from private_events where comment_id = $1',
				[held.id]
			);
			expect(Number(privateEvent.after_event_id)).toBe(Number(event.id));
		} finally {
			await lock.release().catch(() => {});
			await pg.query('drop trigger hold_public_post on events');
			await pg.query('drop function hold_public_post()');
			await saveSiteSettings(server.url, authorCookie, {});
		}
	});
});

describe.skipIf(!selectedDatabases().includes('postgres'))('an e-mail moderation link', () => {
	const database = useTestDatabase('postgres');
	let server: FilServer;
	printLogsOnFailure(() => [server]);

	afterAll(async () => {
		await server?.stop();
	});

	it('is not spent by a crash in the middle of its decision', async () => {
		server = await startServerWithAuthor({ ...database.env(), TOKEN_SECRET });
		const authorCookie = await signIn(server.url);
		await saveSiteSettings(server.url, authorCookie, { preModeration: 'all' });
		const writer = await connectAs(server.url, await readerCookie(server.url));
		const held = expectOk(await postComment(writer, 'À approuver depuis un e-mail')).comment;
		writer.disconnect();
		const [author] = await queryRows(server, 'select id from authors');
		const token = createMailToken(TOKEN_SECRET, {
			p: 'm',
			j: newTokenId(),
			c: held.id,
			a: 'approve',
			u: String(author.id),
			x: expiryFromNow()
		});
		const pg = database.pg();
		if (!pg) throw new Error('no schema');
		// The decision stops at its audit row, its last write, while the test holds the lock.
		await pg.query(`create function hold_audit() returns trigger language plpgsql as $$
			begin perform pg_advisory_xact_lock(4243); return new; end $$`);
		await pg.query(
			'create trigger hold_audit before insert on audit_log for each row execute function hold_audit()'
		);
		const lock = await holdAdvisoryLock(4243);
		const { dataDir, env } = server;
		try {
			const click = submitForm(`${server.url}/e-mail/moderation`, { token }).catch(() => null);
			await eventually('the decision waits', () => someoneWaitsOnAdvisory(server, 4243));
			await server.kill();
			await click;
		} finally {
			await lock.release();
			await pg.query('drop trigger hold_audit on audit_log');
			await pg.query('drop function hold_audit()');
		}
		// The same data and database after the crash, on a new port.
		const again = Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'PORT'));
		server = await startFilServer({ dataDir, env: again });
		const res = await submitForm(`${server.url}/e-mail/moderation`, { token });
		expect(res.status).toBe(200);
		const [row] = await queryRows(server, 'select status from comments where id = $1', [held.id]);
		expect(row.status).toBe('published');
	});
});
