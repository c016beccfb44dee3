export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `check` holds; the failure names what was awaited and what was seen. */
export async function eventually<T>(
	what: string,
	read: () => T | Promise<T>,
	check: (v: T) => boolean = Boolean,
	timeoutMs = 20_000
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (check(value)) return value;
		if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
		await sleep(50);
	}
}
