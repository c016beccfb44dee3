import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
	nproc: number;
	cpu: string;
	memoryGb: string;
	node: string;
	load: string;
	ulimitHard: string;
	date: string;
}

export function loadAverage(): string {
	return loadavg()
		.map((v) => v.toFixed(2))
		.join(', ');
}

export function describeMachine(): Machine {
	let ulimitHard = '?';
	try {
		ulimitHard = execFileSync('bash', ['-c', 'ulimit -Hn']).toString().trim();
	} catch {
		// not fatal
	}
	return {
		nproc: cpus().length,
		cpu: cpus()[0]?.model ?? '?',
		memoryGb: (totalmem() / 1024 ** 3).toFixed(1),
		node: process.version,
		load: loadAverage(),
		ulimitHard,
		date: new Date().toISOString()
	};
}
