import { describe, expect, it } from 'vitest';
import { AVATAR_INK, colorOf, colorOfHue, hueOf } from '../../src/lib/format/avatar.ts';
import { contrastOf } from '../helpers/wcag-contrast.ts';

describe('avatar colours', () => {
	it('the contrast helper agrees with known WCAG figures', () => {
		expect(contrastOf('#ffffff', '#000000')).toBeCloseTo(21, 1);
		expect(contrastOf('#8f877c', '#fffdfa')).toBeCloseTo(3.5, 1);
		expect(contrastOf('hsl(0 0% 100%)', '#ffffff')).toBeCloseTo(1, 5);
	});

	for (const theme of ['light', 'dark'] as const) {
		it(`every hue keeps its initials ≥ 4.5:1 in the ${theme} theme`, () => {
			const weak = [];
			for (let hue = 0; hue < 360; hue++) {
				const ratio = contrastOf(colorOfHue(hue, theme), AVATAR_INK[theme]);
				if (ratio < 4.5) weak.push(`${hue}: ${ratio.toFixed(2)}`);
			}
			expect(weak).toEqual([]);
		});
	}

	it('an identity gets the same hue in both themes', () => {
		expect(colorOf('abc', 'dark')).toBe(colorOfHue(hueOf('abc'), 'dark'));
		expect(colorOf('abc')).toBe(colorOfHue(hueOf('abc'), 'light'));
	});
});
