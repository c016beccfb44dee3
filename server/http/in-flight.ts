/**
 * Counts work that must finish before the process may exit: HTTP requests and socket commands
 * whose acknowledgement is not sent yet. Once draining, new socket commands are refused.
 */
export class InFlight {
	private active = 0;
	private waiters: (() => void)[] = [];
	draining = false;

	get count(): number {
		return this.active;
	}

	/** Starts one piece of work; the returned function ends it (calling it twice is harmless). */
	begin(): () => void {
		this.active += 1;
		let ended = false;
		return () => {
			if (ended) return;
			ended = true;
			this.active -= 1;
			if (this.active === 0) {
				for (const done of this.waiters.splice(0)) done();
			}
		};
	}

	/** Resolves when nothing is in flight, or after `timeoutMs` (false then). */
	idle(timeoutMs: number): Promise<boolean> {
		if (this.active === 0) return Promise.resolve(true);
		return new Promise((resolve) => {
			const timer = setTimeout(() => resolve(false), timeoutMs);
			this.waiters.push(() => {
				clearTimeout(timer);
				resolve(true);
			});
		});
	}
}
