import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/** In development, the same Socket.IO setup rides on Vite's own HTTP server. */
function filDevServer(): Plugin {
	return {
		name: 'fil-dev-server',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return;
			const { startDevContext } = await import('./server/boot/start-dev-context.ts');
			await startDevContext(server.httpServer as import('node:http').Server);
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), filDevServer()],
	build: { chunkSizeWarningLimit: 200 }
});
