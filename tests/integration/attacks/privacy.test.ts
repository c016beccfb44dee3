import { createHash } from 'node:crypto';
import { domainToUnicode } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../../server/contract/errors.ts';
import type { PublicComment } from '../../../server/contract/types.ts';
import { crawlSite, type Crawled } from '../../helpers/crawl.ts';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import type { FilServer } from '../../helpers/fil-server.ts';
import { AUTHOR, SLUG, startServerWithAuthor } from '../../helpers/fixtures.ts';
import { mailEnv } from '../../helpers/mail-test-kit.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';
import { expectOk } from '../../helpers/thread-actions.ts';
import {
	linksOf,
	startSmtpSink,
	type ReceivedMail,
	type SmtpSink
} from '../../helpers/smtp-sink.ts';

// Twelve commenters, each from an address of the documentation ranges, through one trusted proxy.
const PEOPLE = [
	['Camille', 'Camille.Secret@Example.org', '203.0.113.57'],
	['Dominique', 'dominique+fil@exemple.fr', '203.0.113.158'],
	['Ève', 'eve@mail.example.com', '198.51.100.23'],
	['Frédéric', 'FRED@EXAMPLE.NET', '192.0.2.201'],
	['Gaëlle', 'gaelle.l@sous.domaine.example.org', '2001:db8:0:1::57'],
	['Hugo', 'hugo_h@example.com', '2001:db8:cafe::beef'],
	['Inès', 'ines-42@example.org', '198.51.100.177'],
	['Jules', '  jules@example.org  ', '203.0.113.219'],
	['Karim', 'karim@xn--exmple-cua.org', '192.0.2.133'],
	['Léa', 'lea.o@example.fr', '198.51.100.241'],
	['Manon', 'manon@example.museum', '192.0.2.77'],
	['Noé', 'noe@example.co.uk', '203.0.113.99']
] as const;
const READER_IP = '192.0.2.61';
const REFUSING = 'hugo_h@example.com';

let sink: SmtpSink;
let server: FilServer;
let reader: TestSocket;
const received: unknown[] = [];
const sockets: TestSocket[] = [];
printLogsOnFailure(() => [server]);

function isTo(mail: ReceivedMail, email: string): boolean {
	return mail.envelopeTo.some((to) => forms(email).includes(to.toLowerCase()));
}

/** How an address may be written: as typed, trimmed, lowered, with its domain in Unicode. */
function forms(email: string): string[] {
	const trimmed = email.trim();
	const [local, domain] = trimmed.split('@');
	const lower = trimmed.toLowerCase();
	return [...new Set([email, trimmed, lower, `${local}@${domainToUnicode(domain)}`.toLowerCase()])];
}

function hexes(value: string): string[] {
	return ['md5', 'sha1', 'sha256'].map((a) => createHash(a).update(value).digest('hex'));
}

/** Each address as typed, trimmed, lowered, encoded, and its md5/sha1/sha256; each raw IP. */
function secrets(): string[] {
	const out = new Set<string>();
	for (const email of [...PEOPLE.map((p) => p[1]), AUTHOR.email]) {
		for (const form of forms(email)) {
			out.add(form);
			out.add(encodeURIComponent(form));
			for (const h of hexes(form)) out.add(h);
		}
	}
	for (const ip of [...PEOPLE.map((p) => p[2]), READER_IP]) out.add(ip);
	return [...out].filter((s) => s.trim().length > 0);
}

function leaks(text: string, except: string[] = []): string[] {
	const lower = text.toLowerCase();
	return secrets().filter((s) => !except.includes(s) && lower.includes(s.toLowerCase().trim()));
}

async function person(name: string, email: string, ip: string) {
	const res = await fetch(`${server.url}/api/session`, {
		method: 'POST',
		headers: { origin: server.url, 'x-forwarded-for': ip }
	});
	const cookie = res.headers.getSetCookie()[0].split(';')[0];
	const socket = await connectAs(server.url, cookie, ip);
	sockets.push(socket);
	const post = async (body: string, extra: Record<string, unknown> = {}) => {
		const ack: Ack<{ comment: PublicComment }> = await emitAck(socket, 'comment:post', {
			slug: SLUG,
			body,
			name,
			email,
			website: name.length % 2 === 0 ? `https://${name.length}.example.org/` : '',
			notify: true,
			idempotencyKey: `privacy-${name.length}-${body.length}-${Date.now()}`,
			...extra
		});
		return expectOk(ack).comment;
	};
	return { socket, cookie, ip, email, post };
}

beforeAll(async () => {
	// One mail server refusal that names the address, as real ones do.
	sink = await startSmtpSink((_, to) =>
		to.includes(REFUSING) ? { code: 550, message: `5.1.1 <${REFUSING}>: unknown user` } : 'accept'
	);
	// Every level is logged: a debug line is a log line too.
	server = await startServerWithAuthor({
		TRUST_PROXY_HOPS: '1',
		LOG_LEVEL: 'debug',
		...mailEnv(sink.url)
	});
	reader = await connectAs(server.url, undefined, READER_IP);
	reader.onAny((event: string, payload: unknown) => received.push({ event, payload }));
	expectOk(await emitAck(reader, 'thread:join', { slug: SLUG, since: null }));

	const people = [];
	for (const [name, email, ip] of PEOPLE) people.push(await person(name, email, ip));
	let parent: number | null = null;
	const ids: number[] = [];
	for (const [i, p] of people.entries()) {
		const c = await p.post(`Avis ${i} de ${PEOPLE[i][0]}`, {
			parentId: i % 3 === 0 ? null : parent
		});
		parent = c.id;
		ids.push(c.id);
		expectOk(
			await emitAck(people[(i + 1) % people.length].socket, 'reaction:toggle', {
				commentId: c.id,
				emoji: '❤️'
			})
		);
	}
	expectOk(
		await emitAck(people[0].socket, 'comment:edit', { commentId: ids[0], body: 'Avis 0, précisé' })
	);
	expectOk(await emitAck(people[1].socket, 'comment:delete', { commentId: ids[1] }));
	expectOk(
		await emitAck(people[2].socket, 'comment:report', { commentId: ids[3], reason: 'spam' })
	);
	// Two confirm their address and get answered: reply mails go out too.
	for (const p of people.slice(2, 4)) {
		const mail = await sink.waitForMail((m) => isTo(m, p.email));
		const link = linksOf(mail).find((l) => l.href.includes('/e-mail/verification'))!;
		const token = new URL(link.href).searchParams.get('token')!;
		await fetch(`${server.url}/e-mail/verification`, {
			method: 'POST',
			headers: { origin: server.url, 'x-forwarded-for': p.ip },
			body: new URLSearchParams({ token })
		});
		await people[5].post(`Réponse à ${p.email.length}`, { parentId: ids[people.indexOf(p)] });
	}
	// And one through the form, without JavaScript.
	const form = await fetch(`${server.url}/articles/${SLUG}?/comment`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.url,
			cookie: people[6].cookie,
			'x-forwarded-for': people[6].ip,
			accept: 'text/html'
		},
		body: new URLSearchParams({
			body: 'Par le formulaire',
			name: 'Inès',
			email: PEOPLE[6][1],
			website: '',
			idempotencyKey: 'privacy-form-0001'
		})
	});
	expect(form.status).toBe(303);
	await sink.waitForMail((m) => m.subject.startsWith('Nouvelle réponse'));
	while (!server.logs.some((l) => l.includes('mail failed')))
		await new Promise((r) => setTimeout(r, 50));
});

afterAll(async () => {
	for (const s of [...sockets, reader]) s?.disconnect();
	await server?.stop();
	await sink?.close();
});

describe('no address, hash of one, or raw IP leaves the server', () => {
	let pages: Crawled[] = [];

	it('in any public page or JSON reached by following links', async () => {
		pages = await crawlSite(server.url, ['/', '/connexion', '/nulle-part'], {
			headers: { 'x-forwarded-for': READER_IP }
		});
		const session = await fetch(`${server.url}/api/session`, {
			method: 'POST',
			headers: { origin: server.url }
		});
		pages.push({ url: '/api/session', status: session.status, text: await session.text() });
		// The links mails carry are public too: anyone holding one sees its page.
		for (const mail of sink.mails) {
			for (const { href } of linksOf(mail)) {
				const url = new URL(href);
				const res = await fetch(`${server.url}${url.pathname}${url.search}`);
				pages.push({ url: url.pathname, status: res.status, text: await res.text() });
			}
		}
		const found = pages.flatMap((p) => leaks(p.text).map((l) => `${p.url}: ${l}`));
		expect(found).toEqual([]);
		expect(pages.some((p) => p.text.includes('Avis 11 de Noé'))).toBe(true);
		expect(pages.some((p) => p.url.endsWith('__data.json'))).toBe(true);
	});

	it('in any event a reader receives, live or caught up', async () => {
		const catchUp = await emitAck(reader, 'thread:join', { slug: SLUG, since: 0 });
		const page = await emitAck(reader, 'thread:page', { slug: SLUG, sort: 'newest', offset: 0 });
		expect(received.length).toBeGreaterThan(PEOPLE.length * 2);
		expect(leaks(JSON.stringify([received, catchUp, page]))).toEqual([]);
	});

	it('in any mail to a commenter but their own address, nor in any log line', async () => {
		// Every mail: never a hash of an address, never an IP. A commenter's mail names no other
		// address than theirs; the author moderates, and her mails name the commenters'.
		let toAuthor = 0;
		for (const mail of sink.mails) {
			const forAuthor = isTo(mail, AUTHOR.email);
			if (forAuthor) toAuthor += 1;
			const named = forAuthor
				? [...PEOPLE.map((p) => p[1]), AUTHOR.email]
				: PEOPLE.map((p) => p[1]);
			const own = named.filter((e) => forAuthor || isTo(mail, e));
			const mine = own.flatMap((e) => forms(e).flatMap((f) => [f, encodeURIComponent(f)]));
			expect(leaks(mail.raw, mine), mail.subject).toEqual([]);
		}
		expect(toAuthor).toBeGreaterThan(0);
		expect(server.logs.length).toBeGreaterThan(0);
		expect(leaks(server.logs.join('\n'))).toEqual([]);
		console.log(
			`privacy: ${PEOPLE.length} commenters from ${PEOPLE.length} addresses, ${pages.length} public responses crawled, ` +
				`${received.length} socket events, ${sink.mails.length} mails (${toAuthor} to the author), ` +
				`${server.logs.length} log lines at debug level; ` +
				`${secrets().length} forbidden strings (addresses, md5/sha1/sha256, raw IPs) looked for`
		);
	});
});
