export interface BenchConfig {
	full: boolean;
	runs: number;
	only: Set<string> | null;
	/** CPU-profile the servers over one extra, uncounted run (bench/profiles/); on with --full. */
	profile: boolean;
	fanoutSizes: number[];
	commentsPerRun: number;
	listenerProcesses: number;
	/** Seconds of load per run in the throughput scenarios (P3, P4, P5). */
	seconds: number;
	out: string;
}

function option(args: string[], name: string): string | undefined {
	const hit = args.find((a) => a.startsWith(`--${name}=`));
	return hit?.slice(name.length + 3);
}

function numbers(value: string | undefined): number[] | undefined {
	return value
		?.split(',')
		.map(Number)
		.filter((n) => Number.isFinite(n) && n > 0);
}

/** `npm run bench` (quick) or `npm run bench -- --full`; the other flags are for development. */
export function parseArgs(args: string[]): BenchConfig {
	const full = args.includes('--full');
	const only = option(args, 'only');
	return {
		full,
		runs: Number(option(args, 'runs') ?? (full ? 5 : 3)),
		only: only ? new Set(only.toUpperCase().split(',')) : null,
		profile: (full || args.includes('--profile')) && !args.includes('--no-profile'),
		fanoutSizes: numbers(option(args, 'sizes')) ?? (full ? [1000, 5000, 10000] : [1000]),
		commentsPerRun: Number(option(args, 'comments') ?? (full ? 30 : 3)),
		listenerProcesses: Number(option(args, 'procs') ?? 2),
		seconds: Number(option(args, 'seconds') ?? (full ? 10 : 1)),
		out: option(args, 'out') ?? 'BENCHMARKS.md'
	};
}
