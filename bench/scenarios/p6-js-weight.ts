import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from '@playwright/test';
import { buildSync } from 'esbuild';
import { fetchAsServed } from '../../tests/helpers/wire-fetch.ts';
import type { BenchConfig } from '../lib/config.ts';
import { SLUG, startFil } from '../lib/fil-instance.ts';
import { sleep } from '../lib/processes.ts';
import { kb, verdict, type ScenarioResult } from '../lib/report-types.ts';

/** What a browser asking for brotli or gzip is sent. */
const ACCEPT_ENCODING = 'br, gzip';

interface Asset {
	path: string;
	/** Decoded. */
	bytes: number;
	/** The body as it crossed the wire, compressed as the server chose. */
	wire: number;
	encoding: string;
	/** Holds engine.io-client (its protocol query names `EIO`). */
	socketIo: boolean;
}

interface Served {
	asset: Asset;
	text: string;
}

async function fetchAsset(url: string): Promise<Served> {
	const res = await fetchAsServed(url, ACCEPT_ENCODING);
	const text = res.body.toString();
	const asset = {
		path: new URL(url).pathname,
		bytes: res.body.length,
		wire: res.wire.length,
		encoding: String(res.headers['content-encoding'] ?? 'identity'),
		socketIo: /\bEIO\b/.test(text)
	};
	return { asset, text };
}

const TARGET = 45 * 1024;

/** Every JS file the HTML names (script src, modulepreload, inline import()), and their static imports. */
async function staticGraph(origin: string, html: string): Promise<Asset[]> {
	const start = new Set<string>();
	for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) start.add(m[1]);
	for (const m of html.matchAll(
		/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"|<link[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g
	)) {
		start.add(m[1] ?? m[2]);
	}
	for (const script of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
		for (const m of script[1].matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) start.add(m[1]);
	}
	const seen = new Map<string, Asset>();
	const queue = [...start].map((p) => new URL(p, `${origin}/articles/${SLUG}`).href);
	while (queue.length) {
		const url = queue.shift()!;
		if (seen.has(url) || !url.startsWith(origin)) continue;
		const { asset, text } = await fetchAsset(url);
		seen.set(url, asset);
		for (const m of text.matchAll(
			/(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g
		)) {
			queue.push(new URL(m[1], url).href);
		}
	}
	return [...seen.values()];
}

/** The scripts Chromium actually fetches for the page, lazily loaded chunks included. */
async function browserLoad(pageUrl: string): Promise<string[]> {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	try {
		const page = await browser.newPage();
		const scripts = new Set<string>();
		page.on('response', (res) => {
			const type = res.request().resourceType();
			const url = res.url();
			if (type === 'script' || url.endsWith('.js')) scripts.add(url);
		});
		await page.goto(pageUrl, { waitUntil: 'networkidle' });
		await sleep(1500); // anything loaded once the page is live (the socket client, say)
		return [...scripts];
	} finally {
		await browser.close();
	}
}

/** socket.io-client on its own, bundled and minified for the browser as Vite would. */
function socketIoClientAlone(): { bytes: number; brotli: number } {
	const out = buildSync({
		stdin: { contents: "export { io } from 'socket.io-client';", resolveDir: process.cwd() },
		bundle: true,
		minify: true,
		format: 'esm',
		platform: 'browser',
		write: false
	});
	const body = Buffer.from(out.outputFiles[0].contents);
	const params = { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY };
	return { bytes: body.length, brotli: brotliCompressSync(body, { params }).length };
}

function total(assets: Asset[], key: 'bytes' | 'wire'): number {
	return assets.reduce((s, a) => s + a[key], 0);
}

/** The page itself and what it names besides scripts: stylesheets and icon. */
async function pageAndStyles(origin: string, pageUrl: string, html: string): Promise<Asset[]> {
	const urls = [pageUrl];
	for (const m of html.matchAll(/<link[^>]*\shref="([^"]+\.(?:css|svg))"/g)) {
		urls.push(new URL(m[1], pageUrl).href);
	}
	const assets: Asset[] = [];
	for (const url of urls) if (url.startsWith(origin)) assets.push((await fetchAsset(url)).asset);
	return assets;
}

async function measure(fil: { url: string }) {
	const pageUrl = `${fil.url}/articles/${SLUG}`;
	const { text: html } = await fetchAsset(pageUrl);
	const page = await pageAndStyles(fil.url, pageUrl, html);
	const fromHtml = await staticGraph(fil.url, html);
	let loaded: Asset[] | null = null;
	let browserError = '';
	try {
		const scripts = await browserLoad(pageUrl);
		loaded = [];
		for (const url of scripts)
			if (url.startsWith(fil.url)) loaded.push((await fetchAsset(url)).asset);
	} catch (error) {
		browserError = String(error).split('\n')[0];
	}
	return { page, fromHtml, loaded, browserError };
}

/** P6: the JavaScript the article page loads, as it crosses the wire, Socket.IO client included. */
export async function runJsWeight(_config: BenchConfig): Promise<ScenarioResult[]> {
	const fil = await startFil();
	let measured: Awaited<ReturnType<typeof measure>>;
	try {
		measured = await measure(fil);
	} finally {
		await fil.stop();
	}
	const { page, fromHtml, loaded, browserError } = measured;
	const figure = loaded ?? fromHtml;
	const wire = total(figure, 'wire');
	const socketIo = figure.filter((a) => a.socketIo).map((a) => `\`${a.path}\``);
	const rows = [...page, ...figure].sort((a, b) => b.wire - a.wire);
	const client = socketIoClientAlone();
	const withClient = socketIo.length ? wire : wire + client.brotli;
	const firstVisit = total(page, 'wire') + wire;
	return [
		{
			id: 'P6',
			title: 'JavaScript the article page loads (bytes on the wire)',
			tables: [
				{
					columns: ['figure', 'value', 'target', 'result'],
					rows: [
						[
							loaded
								? 'scripts loaded by Chromium (lazy chunks included), as served'
								: 'scripts named by the HTML and their static imports, as served',
							kb(wire),
							'≤ 45 KB',
							socketIo.length ? verdict(wire <= TARGET) : '(no Socket.IO client yet)'
						],
						...(socketIo.length
							? []
							: [
									[
										'the same + socket.io-client',
										kb(withClient),
										'≤ 45 KB',
										verdict(withClient <= TARGET)
									]
								]),
						['socket.io-client alone (esbuild, minified, brotli)', kb(client.brotli), '', ''],
						['scripts named by the HTML, as served', kb(total(fromHtml, 'wire')), '', ''],
						['scripts, decoded', kb(total(figure, 'bytes')), '', ''],
						['first visit: page, stylesheets, icon and scripts, as served', kb(firstVisit), '', ''],
						['the same, decoded', kb(total(page, 'bytes') + total(figure, 'bytes')), '', '']
					]
				},
				{
					caption: 'Files as served (largest first)',
					columns: ['file', 'decoded bytes', 'bytes on the wire', 'Content-Encoding'],
					rows: rows.map((a) => [`\`${a.path}\``, a.bytes, a.wire, a.encoding])
				}
			],
			notes: [
				`Each file is fetched from the running server with \`Accept-Encoding: ${ACCEPT_ENCODING}\`, as a browser asks for it; its body is counted as it arrives, before decoding (HTTP headers not counted).`,
				loaded
					? 'Chromium loads the page, waits for the network to go idle and 1.5 s more; every script it fetched is counted.'
					: `Chromium could not run (${browserError}); the figure is the HTML's script graph only.`,
				socketIo.length
					? `The Socket.IO client is in ${socketIo.join(', ')}.`
					: 'No file loaded holds the Socket.IO client: this build of the page has no live client yet, so the figure leaves it out.'
			],
			raw: { page, fromHtml, loaded }
		}
	];
}
