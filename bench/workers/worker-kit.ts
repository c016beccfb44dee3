/** What every load-generator process shares: a hard time limit and an IPC mailbox. */
export function boundLifetime(): void {
	const maxMs = Number(process.env.BENCH_MAX_MS ?? 15 * 60_000);
	setTimeout(() => {
		console.error(`worker: hard time limit of ${maxMs} ms reached, exiting`);
		process.exit(2);
	}, maxMs).unref();
	process.on('disconnect', () => process.exit(0));
}

export function reply(message: unknown): void {
	process.send?.(message);
}

export function onCommand<T extends { type: string }>(handler: (m: T) => Promise<void>): void {
	process.on('message', (m: T) => {
		handler(m).catch((error: unknown) => {
			reply({ type: 'error', error: String(error instanceof Error ? error.stack : error) });
		});
	});
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inBatches<T>(
	items: T[],
	limit: number,
	task: (item: T, index: number) => Promise<void>
): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			await task(items[i], i);
		}
	});
	await Promise.all(lanes);
}

export function now(): number {
	return performance.timeOrigin + performance.now();
}

/** `bench:<seq>:<sentAt>` — the poster's send time travels in the comment body. */
export function sentAtOf(body: string): number | null {
	if (!body.startsWith('bench:')) return null;
	const sentAt = Number(body.split(':')[2]);
	return Number.isFinite(sentAt) ? sentAt : null;
}
