import type { Ack } from '$contract/errors';
import type { PublicComment } from '$contract/types';

export type Posted = Ack<{ comment: PublicComment }>;

interface Entry {
	payload: unknown;
	sent: boolean;
	done: (ack: Posted) => void;
}

/**
 * Posts waiting for their acknowledgement, by idempotency key. A post whose connection dropped
 * before the answer is sent again on the next one, with the same key: stored once.
 */
export class PostQueue {
	private readonly entries = new Map<string, Entry>();

	get size(): number {
		return this.entries.size;
	}

	/** Adds a post, or, for a key already waiting, lets the new caller have the answer. */
	add(key: string, payload: unknown, done: (ack: Posted) => void): boolean {
		const existing = this.entries.get(key);
		if (existing) {
			existing.done = done;
			return false;
		}
		this.entries.set(key, { payload, sent: false, done });
		return true;
	}

	/** The posts not sent on the current connection; marks them sent. */
	takeUnsent(): [string, unknown][] {
		const out: [string, unknown][] = [];
		for (const [key, entry] of this.entries) {
			if (entry.sent) continue;
			entry.sent = true;
			out.push([key, entry.payload]);
		}
		return out;
	}

	/** The connection dropped: whatever was in flight goes again. */
	markAllUnsent(): void {
		for (const entry of this.entries.values()) entry.sent = false;
	}

	/** The server could not take it now (it is shutting down): it goes on the next connection. */
	markUnsent(key: string): void {
		const entry = this.entries.get(key);
		if (entry) entry.sent = false;
	}

	/** The first answer for a key wins; later ones (a resend's) are ignored. */
	settle(key: string, ack: Posted): boolean {
		const entry = this.entries.get(key);
		if (!entry) return false;
		this.entries.delete(key);
		entry.done(ack);
		return true;
	}
}
