/** Counts readers per article. Alone it counts this process; with Redis, every instance. */
export interface PresenceTracker {
	join(slug: string): Promise<void>;
	leave(slug: string): Promise<void>;
	count(slug: string): Promise<number>;
	/** Articles this process has readers on. */
	localSlugs(): string[];
	close(): Promise<void>;
}

export class MemoryPresence implements PresenceTracker {
	private readonly counts = new Map<string, number>();

	async join(slug: string): Promise<void> {
		this.counts.set(slug, (this.counts.get(slug) ?? 0) + 1);
	}

	async leave(slug: string): Promise<void> {
		const n = (this.counts.get(slug) ?? 0) - 1;
		if (n <= 0) this.counts.delete(slug);
		else this.counts.set(slug, n);
	}

	async count(slug: string): Promise<number> {
		return this.counts.get(slug) ?? 0;
	}

	localCounts(): Map<string, number> {
		return this.counts;
	}

	localSlugs(): string[] {
		return [...this.counts.keys()];
	}

	async close(): Promise<void> {}
}
