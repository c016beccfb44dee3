import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

/**
 * The article page's script (src/lib/island/boot.ts), built after SvelteKit's own build into
 * its immutable assets. It carries Svelte's client, the thread's components and Socket.IO's
 * client, and none of SvelteKit's router: the page is server-rendered with `csr = false`.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const OUT = 'build/client/_app/immutable/island';

/** Tells the server the bundle's hashed name (server/http/island-script.ts), and drops the
 * CSS: SvelteKit's build already links the same component styles into the page. */
function islandManifest(): Plugin {
	return {
		name: 'fil-island-manifest',
		generateBundle(_options, bundle) {
			for (const [name, file] of Object.entries(bundle)) {
				if (name.endsWith('.css')) delete bundle[name];
				else if (file.type === 'chunk' && file.isEntry) {
					const boot = `/_app/immutable/island/${file.fileName}`;
					writeFileSync(at('build/island.json'), `${JSON.stringify({ boot })}\n`);
				}
			}
		}
	};
}

/**
 * Writes a .br and a .gz beside each file, as adapter-node's precompress step does for the
 * rest of the client (it ran before this build): the server sends them as Accept-Encoding asks.
 */
function precompress(): Plugin {
	return {
		name: 'fil-island-precompress',
		writeBundle(options, bundle) {
			for (const name of Object.keys(bundle)) {
				const file = join(options.dir ?? at(OUT), name);
				const body = readFileSync(file);
				const params = {
					[constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
					[constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
					[constants.BROTLI_PARAM_SIZE_HINT]: statSync(file).size
				};
				writeFileSync(`${file}.br`, brotliCompressSync(body, { params }));
				writeFileSync(`${file}.gz`, gzipSync(body, { level: constants.Z_BEST_COMPRESSION }));
			}
		}
	};
}

export default defineConfig({
	root,
	publicDir: false,
	plugins: [svelte({ emitCss: true }), islandManifest(), precompress()],
	resolve: {
		alias: {
			$lib: at('src/lib'),
			$contract: at('server/contract'),
			$server: at('server'),
			'$app/paths': at('src/lib/island/app-paths.ts')
		}
	},
	build: {
		outDir: OUT,
		emptyOutDir: true,
		copyPublicDir: false,
		modulePreload: false,
		rollupOptions: {
			input: at('src/lib/island/boot.ts'),
			output: { entryFileNames: 'boot.[hash].js', chunkFileNames: '[name].[hash].js' }
		}
	}
});
