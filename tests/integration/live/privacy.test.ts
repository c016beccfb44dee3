import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../../server/contract/errors.ts';
import type { PublicComment } from '../../../server/contract/types.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs, emitAck, type TestSocket } from '../../helpers/socket-client.ts';

const ADDRESSES = [
	'Camille.Secret@Example.org',
	'dominique+fil@exemple.fr',
	'eve@mail.example.com'
];
let server: FilServer;
let reader: TestSocket;
const received: unknown[] = [];

function forbiddenStrings(): string[] {
	const out: string[] = [];
	for (const address of ADDRESSES) {
		for (const form of [address, address.toLowerCase(), address.trim().toLowerCase()]) {
			out.push(form);
			for (const algo of ['md5', 'sha1', 'sha256'])
				out.push(createHash(algo).update(form).digest('hex'));
		}
		out.push(encodeURIComponent(address));
	}
	return [...new Set(out)];
}

function expectClean(label: string, text: string) {
	const lower = text.toLowerCase();
	for (const s of forbiddenStrings()) {
		expect(lower.includes(s.toLowerCase()), `${label} contains ${s}`).toBe(false);
	}
}

beforeAll(async () => {
	server = await startFilServer();
	reader = await connectAs(server.url);
	reader.onAny((event: string, payload: unknown) => received.push({ event, payload }));
	await emitAck(reader, 'thread:join', { slug: SLUG, since: null });

	let parentId: number | null = null;
	for (const [i, email] of ADDRESSES.entries()) {
		const cookie = await readerCookie(server.url);
		const socket = await connectAs(server.url, cookie);
		const ack: Ack<{ comment: PublicComment }> = await emitAck(socket, 'comment:post', {
			slug: SLUG,
			body: `Avis numéro ${i}`,
			name: `Personne ${i}`,
			email,
			website: i === 0 ? 'https://camille.example.org' : '',
			notify: true,
			parentId,
			idempotencyKey: `privacy-${i}-${Date.now()}`
		});
		if (!ack.ok) throw new Error(JSON.stringify(ack.error));
		parentId = ack.data.comment.id;
		await emitAck(socket, 'reaction:toggle', { commentId: ack.data.comment.id, emoji: '❤️' });
		socket.disconnect();
	}
	// And one through the form, without JavaScript.
	const cookie = await readerCookie(server.url);
	const form = new URLSearchParams({
		body: 'Par le formulaire',
		name: 'Formulaire',
		email: ADDRESSES[2],
		website: '',
		idempotencyKey: `privacy-form-${Date.now()}`
	});
	const res = await fetch(`${server.url}/articles/${SLUG}?/comment`, {
		method: 'POST',
		body: form,
		redirect: 'manual',
		headers: { origin: server.url, cookie, accept: 'text/html' }
	});
	expect(res.status).toBe(303);
});

afterAll(async () => {
	reader?.disconnect();
	await server?.stop();
});

describe('an e-mail address never leaves the server', () => {
	it('is in no public page or JSON', async () => {
		const paths = [
			'/',
			`/articles/${SLUG}`,
			`/articles/${SLUG}?tri=newest`,
			`/articles/${SLUG}?tri=reactions&n=100`,
			`/articles/${SLUG}/__data.json`,
			'/nope'
		];
		let sawComments = false;
		for (const path of paths) {
			const text = await fetch(server.url + path).then((r) => r.text());
			if (text.includes('Avis numéro 2')) sawComments = true;
			expectClean(path, text);
		}
		expect(sawComments).toBe(true);
		const page = await fetch(`${server.url}/articles/${SLUG}`).then((r) => r.text());
		expect(page).toContain('Par le formulaire');
	});

	it('is in no socket event a reader receives, live or in catch-up', async () => {
		const ack = await emitAck(reader, 'thread:join', { slug: SLUG, since: 0 });
		const pageAck = await emitAck(reader, 'thread:page', { slug: SLUG, sort: 'oldest', offset: 0 });
		expect(received.length).toBeGreaterThanOrEqual(ADDRESSES.length * 2);
		expectClean('events', JSON.stringify(received));
		expectClean('catch-up', JSON.stringify(ack));
		expectClean('page', JSON.stringify(pageAck));
		expect(JSON.stringify(ack)).toContain('Avis numéro 1');
	});

	it('is in no log line', () => {
		expect(server.logs.length).toBeGreaterThan(0);
		expectClean('logs', server.logs.join('\n'));
		expect(server.logs.join('\n')).not.toContain('127.0.0.1"');
	});
});
