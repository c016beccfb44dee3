import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { io } from 'socket.io-client';
import type { Ack } from '../../server/contract/errors.ts';
import type { PublicComment, ThreadSync } from '../../server/contract/types.ts';
import { startFilServer, type FilServer } from './fil-server.ts';
import { emitAck, type TestSocket } from './socket-client.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function pick(env: Record<string, string>, keys: string[]): Record<string, string> {
	return Object.fromEntries(Object.entries(env).filter(([k]) => keys.includes(k)));
}
export const SLUG = 'cout-de-l-ia';
export const AUTHOR = {
	email: 'autrice@example.org',
	name: 'Anne Autrice',
	password: 'un mot de passe solide'
};

/** `npm run author -- create …` against a data directory, as an operator would. */
export async function createAuthorWithCli(
	dataDir: string,
	author: { email: string; name: string; password: string } = AUTHOR,
	env: Record<string, string> = {}
): Promise<void> {
	await promisify(execFile)(
		process.execPath,
		[
			'--import',
			'tsx',
			'server/cli/author.ts',
			'create',
			'--email',
			author.email,
			'--name',
			author.name
		],
		{
			cwd: ROOT,
			env: {
				PATH: process.env.PATH ?? '',
				DATA_DIR: dataDir,
				LOG_LEVEL: 'warn',
				FIL_AUTHOR_PASSWORD: author.password,
				...pick(env, ['DATABASE_URL', 'DATABASE_SCHEMA'])
			}
		}
	);
}

/**
 * A server whose database already holds the author account. `env` may name a PostgreSQL
 * database and schema (see for-each-database.ts): the CLI then writes there too.
 */
export async function startServerWithAuthor(env: Record<string, string> = {}): Promise<FilServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'fil-mod-'));
	await createAuthorWithCli(dataDir, AUTHOR, env);
	return startFilServer({ dataDir, env });
}

export interface FormOptions {
	cookie?: string;
	ip?: string;
}

/** A form post as a browser without JavaScript sends it (no redirect following). */
export async function postForm(
	url: string,
	path: string,
	fields: Record<string, string | string[]>,
	options: FormOptions = {}
): Promise<Response> {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) {
		for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
	}
	const headers: Record<string, string> = {
		accept: 'text/html',
		origin: url,
		'content-type': 'application/x-www-form-urlencoded'
	};
	if (options.cookie) headers.cookie = options.cookie;
	if (options.ip) headers['x-forwarded-for'] = options.ip;
	return fetch(`${url}${path}`, { method: 'POST', headers, body, redirect: 'manual' });
}

export async function getPage(url: string, path: string, cookie?: string): Promise<Response> {
	return fetch(`${url}${path}`, {
		headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
		redirect: 'manual'
	});
}

export function cookieFrom(res: Response): string {
	const setCookie = res.headers.get('set-cookie');
	if (!setCookie) throw new Error(`no cookie (status ${res.status})`);
	return setCookie.split(';')[0];
}

export async function signIn(
	url: string,
	credentials: { email: string; password: string } = AUTHOR,
	options: FormOptions = {}
): Promise<string> {
	const res = await postForm(url, '/connexion', credentials, options);
	if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
	return cookieFrom(res);
}

/** A reader's anonymous session, from a given (forwarded) IP if asked. */
export async function readerCookie(url: string, ip?: string): Promise<string> {
	const res = await fetch(`${url}/api/session`, {
		method: 'POST',
		headers: { origin: url, ...(ip ? { 'x-forwarded-for': ip } : {}) }
	});
	return cookieFrom(res);
}

export async function connectAs(url: string, cookie?: string, ip?: string): Promise<TestSocket> {
	const headers: Record<string, string> = {};
	if (cookie) headers.cookie = cookie;
	if (ip) headers['x-forwarded-for'] = ip;
	const socket: TestSocket = io(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		extraHeaders: headers
	});
	await new Promise<void>((done, fail) => {
		socket.once('connect', () => done());
		socket.once('connect_error', (err) => fail(err));
	});
	return socket;
}

/** Every event a socket receives, in order, to look through afterwards. */
export function recordEvents(socket: TestSocket): { name: string; payload: unknown }[] {
	const seen: { name: string; payload: unknown }[] = [];
	socket.onAny((name: string, payload: unknown) => seen.push({ name, payload }));
	return seen;
}

let keys = 0;
export function postComment(
	socket: TestSocket,
	body: string,
	extra: Record<string, unknown> = {}
): Promise<Ack<{ comment: PublicComment }>> {
	keys += 1;
	return emitAck<{ comment: PublicComment }>(socket, 'comment:post', {
		slug: SLUG,
		body,
		name: 'Lectrice',
		email: 'lectrice.privee@example.org',
		website: '',
		idempotencyKey: `test-key-${Date.now()}-${keys}`,
		...extra
	});
}

export function expectOk<T>(ack: Ack<T>): T {
	if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
	return ack.data;
}

/** Saves the site's moderation settings through the settings page, as the author. */
export async function saveSiteSettings(
	url: string,
	authorCookie: string,
	settings: Partial<{
		preModeration: string;
		bannedWords: string;
		suspectWords: string;
		maxLinks: string;
		reportThreshold: string;
	}>
): Promise<void> {
	const res = await postForm(
		url,
		'/admin/reglages?/site',
		{
			preModeration: 'none',
			bannedWords: '',
			suspectWords: '',
			maxLinks: '2',
			reportThreshold: '3',
			...settings
		},
		{ cookie: authorCookie }
	);
	if (res.status !== 303) throw new Error(`settings answered ${res.status}`);
}

/** Reads the server's database, SQLite or PostgreSQL (`$1` placeholders). */
export async function queryRows(
	server: FilServer,
	query: string,
	params: unknown[] = []
): Promise<Record<string, unknown>[]> {
	const url = server.env.DATABASE_URL;
	if (url) {
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const schema = server.env.DATABASE_SCHEMA;
			if (schema) await client.query(`set search_path to ${schema}`);
			return (await client.query(query, params)).rows as Record<string, unknown>[];
		} finally {
			await client.end();
		}
	}
	const db = new Database(join(server.dataDir, 'fil.sqlite'), {
		readonly: true,
		fileMustExist: true
	});
	try {
		return db.prepare(query.replace(/\$\d+/g, '?')).all(...params) as Record<string, unknown>[];
	} finally {
		db.close();
	}
}

/** A socket of this session (cookie), joined to the article's thread. */
export async function joinWith(url: string, cookie: string, ip?: string): Promise<TestSocket> {
	const socket = await connectAs(url, cookie, ip);
	expectOk(await emitAck<ThreadSync>(socket, 'thread:join', { slug: SLUG, since: null }));
	return socket;
}

/** A reader with its own session from a given (forwarded) address, joined to the thread. */
export async function joinAsReader(
	url: string,
	ip: string
): Promise<{ socket: TestSocket; cookie: string }> {
	const cookie = await readerCookie(url, ip);
	return { socket: await joinWith(url, cookie, ip), cookie };
}

/** What a post becomes: its status, or the error code that refused it. */
export async function postStatus(socket: TestSocket, body: string): Promise<string> {
	const ack = await postComment(socket, body);
	return ack.ok ? ack.data.comment.status : ack.error.code;
}
