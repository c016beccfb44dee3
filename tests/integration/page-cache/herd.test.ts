import { afterAll, beforeAll, expect, it } from 'vitest';
import { printLogsOnFailure } from '../../helpers/failure-logs.ts';
import { startFilServer, type FilServer } from '../../helpers/fil-server.ts';
import { SLUG } from '../../helpers/fixtures.ts';
import { readerCookie } from '../../helpers/site-http.ts';
import { connectAs } from '../../helpers/socket-client.ts';
import { expectOk, postComment } from '../../helpers/thread-actions.ts';

const READERS = 20;
let server: FilServer;
printLogsOnFailure(() => [server]);

/** Renders of the anonymous article page so far, as the server logs them at debug level. */
const renders = () => server.logs.filter((l) => l.includes('anonymous page rendered')).length;

/** Twenty readers without a session asking for the article at once: statuses and form keys. */
async function wave(): Promise<{ statuses: number[]; keys: string[] }> {
	const pages = await Promise.all(
		Array.from({ length: READERS }, async () => {
			const res = await fetch(`${server.url}/articles/${SLUG}`);
			const html = await res.text();
			return { status: res.status, key: /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] };
		})
	);
	return { statuses: pages.map((p) => p.status), keys: pages.map((p) => p.key ?? '') };
}

beforeAll(async () => {
	server = await startFilServer({ env: { LOG_LEVEL: 'debug' } });
});

afterAll(async () => {
	await server?.stop();
});

it('renders the article once for twenty readers who miss it together, each with its own key', async () => {
	expect(renders()).toBe(0);
	const first = await wave();
	expect(first.statuses).toEqual(Array(READERS).fill(200));
	expect(new Set(first.keys.filter(Boolean)).size).toBe(READERS);
	expect(renders()).toBe(1);

	// A new comment: the next wave misses, and renders once more, once.
	const writer = await connectAs(server.url, await readerCookie(server.url));
	expectOk(await postComment(writer, 'Un commentaire qui périme la page gardée'));
	writer.disconnect();
	const second = await wave();
	expect(second.statuses).toEqual(Array(READERS).fill(200));
	expect(new Set(second.keys.filter(Boolean)).size).toBe(READERS);
	expect(renders()).toBe(2);
	console.log(
		`page cache herd: ${READERS * 2} readers without a session in two waves around a new comment, ` +
			`${renders()} renders, ${new Set([...first.keys, ...second.keys]).size} distinct form keys`
	);
});
