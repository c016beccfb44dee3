import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from './free-port.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export function hasNginx(): boolean {
	return spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0;
}

export interface RunningNginx {
	url: string;
	port: number;
	stop(): Promise<void>;
}

/**
 * Runs deploy/nginx.conf itself, with the compose service names replaced by the given local
 * upstreams and a port of its own. Throws with nginx's message if the configuration is bad.
 */
export async function startNginx(upstreams: { a: number; b: number }): Promise<RunningNginx> {
	const port = await findFreePort();
	const dir = mkdtempSync(join(tmpdir(), 'fil-nginx-'));
	const conf = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8')
		.replaceAll('fil-a:3000', `127.0.0.1:${upstreams.a}`)
		.replaceAll('fil-b:3000', `127.0.0.1:${upstreams.b}`)
		.replace('listen 80;', `listen 127.0.0.1:${port};`)
		.replace(
			'worker_processes auto;',
			`worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;`
		)
		.replace(
			'http {',
			`http {\n\tclient_body_temp_path ${dir}/body;\n\tproxy_temp_path ${dir}/proxy;`
		);
	const file = join(dir, 'nginx.conf');
	writeFileSync(file, conf);
	const check = spawnSync('nginx', ['-t', '-p', dir, '-c', file], { encoding: 'utf8' });
	if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
	const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', file, '-g', 'daemon off;'], {
		stdio: 'ignore'
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 10_000;
	for (;;) {
		try {
			await fetch(`${url}/healthz`);
			break;
		} catch {
			if (Date.now() > deadline) throw new Error('nginx did not start');
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	return {
		url,
		port,
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGQUIT');
			await exited;
		}
	};
}
