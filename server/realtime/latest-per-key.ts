/**
 * Thins out a stream of states by key: the first state of a key goes out at once, then at most
 * one per window, the latest (the states in between were overtaken by it).
 */
export class LatestPerKey<T> {
	private readonly windows = new Map<string, { timer: NodeJS.Timeout; pending: T | null }>();

	constructor(
		private readonly send: (value: T) => void,
		private readonly windowMs: number
	) {}

	offer(key: string, value: T): void {
		const open = this.windows.get(key);
		if (open) {
			open.pending = value;
			return;
		}
		this.send(value);
		this.open(key);
	}

	/** Sends what is pending and forgets every window (shutdown). */
	stop(): void {
		for (const w of this.windows.values()) {
			clearTimeout(w.timer);
			if (w.pending !== null) this.send(w.pending);
		}
		this.windows.clear();
	}

	private open(key: string): void {
		const timer = setTimeout(() => this.close(key), this.windowMs);
		timer.unref();
		this.windows.set(key, { timer, pending: null });
	}

	private close(key: string): void {
		const w = this.windows.get(key);
		this.windows.delete(key);
		if (w?.pending == null) return;
		this.send(w.pending);
		this.open(key);
	}
}
