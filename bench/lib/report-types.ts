export interface Table {
	caption?: string;
	columns: string[];
	rows: (string | number)[][];
}

/** A CPU profile of the server taken over one extra, uncounted run. */
export interface Profile {
	label: string;
	file: string;
}

export interface ScenarioResult {
	id: string;
	title: string;
	tables: Table[];
	notes: string[];
	/** Raw figures, kept in bench/results/*.json. */
	raw: unknown;
	profiles?: Profile[];
}

export function ms(v: number): string {
	return Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms` : '—';
}

export function kb(bytes: number): string {
	return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : '—';
}

export function ratio(a: number, b: number): string {
	return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
}

export function verdict(ok: boolean): string {
	return ok ? 'pass' : '**fail**';
}
