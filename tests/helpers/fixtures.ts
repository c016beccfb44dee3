import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startFilServer, type FilServer } from './fil-server.ts';
import { cookieFrom, type FormOptions, postForm } from './site-http.ts';
import type { TestSocket } from './socket-client.ts';

/**
 * What the tests share: the article, the author, a reader, a server holding the author (and
 * site settings), and the sockets a suite opened.
 */

/** The article of `content/`, which every child-process server serves. */
export const SLUG = 'cout-de-l-ia';
/** The article of in-process tests, which have no content directory. */
export const OTHER_SLUG = 'un-article';

export const AUTHOR = {
	email: 'autrice@example.org',
	name: 'Anne Autrice',
	password: 'un mot de passe solide'
};

/** The commenter whose posts tests make unless they say otherwise. */
export const READER = { name: 'Lectrice', email: 'lectrice.privee@example.org' };

export type Credentials = { email: string; name: string; password: string };

export type SiteSettings = Partial<{
	preModeration: string;
	bannedWords: string;
	suspectWords: string;
	maxLinks: string;
	reportThreshold: string;
}>;

const ROOT = resolve(import.meta.dirname, '../..');

/** `npm run author -- create …` against a data directory, as an operator would. */
export async function createAuthorWithCli(
	dataDir: string,
	author: Credentials = AUTHOR,
	env: Record<string, string> = {}
): Promise<void> {
	const args = ['create', '--email', author.email, '--name', author.name];
	await promisify(execFile)(
		process.execPath,
		['--import', 'tsx', 'server/cli/author.ts', ...args],
		{
			cwd: ROOT,
			env: {
				PATH: process.env.PATH ?? '',
				DATA_DIR: dataDir,
				LOG_LEVEL: 'warn',
				FIL_AUTHOR_PASSWORD: author.password,
				...(env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : {}),
				...(env.DATABASE_SCHEMA ? { DATABASE_SCHEMA: env.DATABASE_SCHEMA } : {})
			}
		}
	);
}

/**
 * A server whose database already holds the author account. `env` may name a PostgreSQL
 * database and schema (see for-each-database.ts): the CLI then writes there too.
 */
export async function startServerWithAuthor(
	env: Record<string, string> = {},
	author: Credentials = AUTHOR
): Promise<FilServer> {
	const dataDir = mkdtempSync(join(tmpdir(), 'fil-mod-'));
	await createAuthorWithCli(dataDir, author, env);
	return startFilServer({ dataDir, env });
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

/** Saves the site's moderation settings through the settings page, as the author. */
export async function saveSiteSettings(
	url: string,
	authorCookie: string,
	settings: SiteSettings
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

/** A server with the author signed in and the site's settings saved through the settings page. */
export async function startServerWithSettings(
	env: Record<string, string>,
	settings: SiteSettings
): Promise<{ server: FilServer; authorCookie: string }> {
	const server = await startServerWithAuthor(env);
	const authorCookie = await signIn(server.url);
	await saveSiteSettings(server.url, authorCookie, settings);
	return { server, authorCookie };
}

/** The sockets a suite opened, all closed in its afterAll. */
export class SocketRegistry {
	private readonly open: TestSocket[] = [];

	async add(socket: TestSocket | Promise<TestSocket>): Promise<TestSocket> {
		const s = await socket;
		this.open.push(s);
		return s;
	}

	closeAll(): void {
		for (const s of this.open.splice(0)) s.disconnect();
	}
}

/** One report holds a published comment; a suspect word holds a new one. */
export const HELD_ON_FIRST_REPORT: SiteSettings = { reportThreshold: '1', suspectWords: 'casino' };
