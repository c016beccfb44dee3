/** `concurrency` readers loading `url` in a loop over kept-alive connections, for `seconds`. */
import { Agent, request } from 'node:http';
import { Samples } from '../lib/samples.ts';
import { boundLifetime, now, onCommand, reply } from './worker-kit.ts';

function load(agent: Agent, url: string): Promise<{ status: number; bytes: number }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { agent }, (res) => {
			let bytes = 0;
			res.on('data', (chunk: Buffer) => (bytes += chunk.length));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

boundLifetime();
onCommand<{ type: 'run'; url: string; seconds: number; concurrency: number }>(async (m) => {
	const agent = new Agent({ keepAlive: true, maxSockets: m.concurrency });
	const latencies = new Samples();
	let bytes = 0;
	let failures = 0;
	const started = now();
	const deadline = started + m.seconds * 1000;
	await Promise.all(
		Array.from({ length: m.concurrency }, async () => {
			while (now() < deadline) {
				const t = now();
				try {
					const r = await load(agent, m.url);
					if (r.status !== 200) failures++;
					else latencies.push(now() - t);
					bytes = r.bytes;
				} catch {
					failures++;
				}
			}
		})
	);
	agent.destroy();
	reply({ type: 'done', latencies: latencies.take(), bytes, failures, elapsedMs: now() - started });
});
reply({ type: 'ready' });
