import type { Server } from 'node:http';

/** Listens, or rejects (a port in use, say) so that start-up fails with one readable line. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
	await new Promise<void>((listening, failed) => {
		server.once('error', failed);
		server.listen(port, host, () => {
			server.off('error', failed);
			listening();
		});
	});
	const address = server.address();
	return typeof address === 'object' && address ? address.port : port;
}
