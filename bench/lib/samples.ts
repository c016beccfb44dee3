/** A growable list of numbers that crosses the IPC channel as one typed array. */
export class Samples {
	private data = new Float64Array(1024);
	length = 0;

	push(v: number): void {
		if (this.length === this.data.length) {
			const bigger = new Float64Array(this.data.length * 2);
			bigger.set(this.data);
			this.data = bigger;
		}
		this.data[this.length++] = v;
	}

	take(): Float64Array {
		const out = this.data.slice(0, this.length);
		this.length = 0;
		return out;
	}
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}

export interface Summary {
	count: number;
	p50: number;
	p99: number;
	max: number;
	mean: number;
}

export function summarise(values: ArrayLike<number>[]): Summary {
	let total = 0;
	for (const v of values) total += v.length;
	const all = new Float64Array(total);
	let at = 0;
	for (const v of values) {
		all.set(v as Float64Array, at);
		at += v.length;
	}
	all.sort();
	let sum = 0;
	for (const v of all) sum += v;
	return {
		count: all.length,
		p50: percentile(all, 50),
		p99: percentile(all, 99),
		max: all.length ? all[all.length - 1] : NaN,
		mean: all.length ? sum / all.length : NaN
	};
}

export function median(values: number[]): number {
	const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (s.length === 0) return NaN;
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
