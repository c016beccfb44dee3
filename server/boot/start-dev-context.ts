import type { Server } from 'node:http';
import { loadConfig } from '../config/config.ts';
import { createAppContext } from './create-context.ts';
import { setAppContext } from '../context/context-registry.ts';
import { DEV_ISLAND_SCRIPT } from '../http/island-script.ts';
import { attachSocketServer } from '../realtime/socket-server.ts';

/** `npm run dev`: one context, Socket.IO attached to Vite's server. */
export async function startDevContext(httpServer: Server): Promise<void> {
	const running = await createAppContext(loadConfig());
	// A build may have left its bundle's name behind; Vite serves the source instead.
	setAppContext({ ...running.ctx, islandScript: DEV_ISLAND_SCRIPT });
	attachSocketServer(httpServer, running.ctx, { redisLink: running.redisLink });
}
