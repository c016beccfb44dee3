import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { buildSync } from 'esbuild';
import type { BenchConfig } from '../lib/config.ts';
import { SLUG, startFil } from '../lib/fil-instance.ts';
import { sleep } from '../lib/processes.ts';
import { kb, verdict, type ScenarioResult } from '../lib/report-types.ts';

interface Asset {
	path: string;
	bytes: number;
	gzip: number;
	/** Holds engine.io-client (its protocol query names `EIO`). */
	socketIo: boolean;
}

function assetOf(url: string, body: Buffer): Asset {
	return {
		path: new URL(url).pathname,
		bytes: body.length,
		gzip: gzipSync(body).length,
		socketIo: /\bEIO\b/.test(body.toString())
	};
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
		const body = Buffer.from(await (await fetch(url)).arrayBuffer());
		seen.set(url, assetOf(url, body));
		const text = body.toString();
		for (const m of text.matchAll(
			/(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g
		)) {
			queue.push(new URL(m[1], url).href);
		}
	}
	return [...seen.values()];
}

/** What Chromium actually fetches for the page, lazily loaded chunks included. */
async function browserLoad(pageUrl: string): Promise<Asset[]> {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
	});
	try {
		const page = await browser.newPage();
		const assets: Asset[] = [];
		const pending: Promise<void>[] = [];
		page.on('response', (res) => {
			const type = res.request().resourceType();
			const url = res.url();
			if (type !== 'script' && !url.endsWith('.js')) return;
			pending.push(
				res.body().then(
					(body) => void assets.push(assetOf(url, body)),
					() => undefined
				)
			);
		});
		await page.goto(pageUrl, { waitUntil: 'networkidle' });
		await sleep(1500); // anything loaded once the page is live (the socket client, say)
		await Promise.all(pending);
		return assets;
	} finally {
		await browser.close();
	}
}

/** socket.io-client on its own, bundled and minified for the browser as Vite would. */
function socketIoClientAlone(): { bytes: number; gzip: number } {
	const out = buildSync({
		stdin: { contents: "export { io } from 'socket.io-client';", resolveDir: process.cwd() },
		bundle: true,
		minify: true,
		format: 'esm',
		platform: 'browser',
		write: false
	});
	const body = Buffer.from(out.outputFiles[0].contents);
	return { bytes: body.length, gzip: gzipSync(body).length };
}

function total(assets: Asset[], key: 'bytes' | 'gzip'): number {
	return assets.reduce((s, a) => s + a[key], 0);
}

/** P6: the JavaScript the article page loads, gzip, Socket.IO client included. */
export async function runJsWeight(_config: BenchConfig): Promise<ScenarioResult[]> {
	const fil = await startFil();
	let fromHtml: Asset[] = [];
	let loaded: Asset[] | null = null;
	let browserError = '';
	try {
		const pageUrl = `${fil.url}/articles/${SLUG}`;
		fromHtml = await staticGraph(fil.url, await (await fetch(pageUrl)).text());
		try {
			loaded = await browserLoad(pageUrl);
		} catch (error) {
			browserError = String(error).split('\n')[0];
		}
	} finally {
		await fil.stop();
	}
	const figure = loaded ?? fromHtml;
	const gz = total(figure, 'gzip');
	const socketIo = figure.filter((a) => a.socketIo).map((a) => `\`${a.path}\``);
	const rows = [...figure].sort((a, b) => b.gzip - a.gzip);
	const client = socketIoClientAlone();
	const withClient = socketIo.length ? gz : gz + client.gzip;
	return [
		{
			id: 'P6',
			title: 'JavaScript the article page loads (gzip)',
			tables: [
				{
					columns: ['figure', 'value', 'target', 'result'],
					rows: [
						[
							loaded
								? 'loaded by Chromium (lazy chunks included)'
								: 'named by the HTML and their static imports',
							kb(gz),
							'≤ 45 KB',
							socketIo.length ? verdict(gz <= TARGET) : '(no Socket.IO client yet)'
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
						['socket.io-client alone (esbuild, minified)', kb(client.gzip), '', ''],
						['named by the HTML and their static imports', kb(total(fromHtml, 'gzip')), '', ''],
						['uncompressed, as loaded', kb(total(figure, 'bytes')), '', '']
					]
				},
				{
					caption: 'Files (gzip, largest first)',
					columns: ['file', 'bytes', 'gzip'],
					rows: rows.map((a) => [`\`${a.path}\``, a.bytes, a.gzip])
				}
			],
			notes: [
				'Each file gzipped on its own with `zlib.gzipSync` (level 6), as a server compressing responses would send it.',
				loaded
					? 'Chromium loads the page, waits for the network to go idle and 1.5 s more; every script response is counted.'
					: `Chromium could not run (${browserError}); the figure is the HTML's script graph only.`,
				socketIo.length
					? `The Socket.IO client is in ${socketIo.join(', ')}.`
					: 'No file loaded holds the Socket.IO client: this build of the page has no live client yet, so the figure leaves it out.'
			],
			raw: { fromHtml, loaded }
		}
	];
}
