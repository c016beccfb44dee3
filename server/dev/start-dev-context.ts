import type { Server } from 'node:http';
import { loadConfig } from '../config/config.ts';
import { createAppContext } from '../context/create-context.ts';
import { setAppContext } from '../context/context-registry.ts';
import { attachSocketServer } from '../realtime/socket-server.ts';

/** `npm run dev`: one context, Socket.IO attached to Vite's server. */
export async function startDevContext(httpServer: Server): Promise<void> {
	const running = await createAppContext(loadConfig());
	setAppContext(running.ctx);
	attachSocketServer(httpServer, running.ctx, { redisLink: running.redisLink });
}
