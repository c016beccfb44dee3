/** WCAG 2 contrast ratio between two colours given as #rrggbb or hsl(h s% l%). */
export function contrastOf(a: string, b: string): number {
	const [x, y] = [luminanceOf(rgbOf(a)), luminanceOf(rgbOf(b))];
	return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

function rgbOf(colour: string): number[] {
	const hex = /^#([0-9a-f]{6})$/i.exec(colour);
	if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16) / 255);
	const hsl = /^hsl\((\d+(?:\.\d+)?) (\d+(?:\.\d+)?)% (\d+(?:\.\d+)?)%\)$/.exec(colour);
	if (!hsl) throw new Error(`unreadable colour ${colour}`);
	const [h, s, l] = [Number(hsl[1]), Number(hsl[2]) / 100, Number(hsl[3]) / 100];
	const a = s * Math.min(l, 1 - l);
	const f = (n: number) => {
		const k = (n + h / 30) % 12;
		return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
	};
	return [f(0), f(8), f(4)];
}

function luminanceOf([r, g, b]: number[]): number {
	const lin = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
	return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
