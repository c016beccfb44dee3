import { describe, expect, it } from 'vitest';
import { bodySchema, cleanLine, cleanText, nameSchema } from '../../server/contract/schemas.ts';

describe('text as stored', () => {
	it('replaces a lone surrogate half with U+FFFD and keeps pairs', () => {
		expect(cleanText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
		expect(cleanText('😀 \ud83d\ude00')).toBe('😀 😀');
	});

	it('drops control characters but keeps tabs and line breaks in a comment', () => {
		expect(cleanText('a\u0000b\u0007c\u001b[31md\u007f\te\nf\r\n')).toBe('abc[31md\te\nf\r\n');
		expect(bodySchema.parse('\u0000Bonjour\u0000')).toBe('Bonjour');
		expect(bodySchema.safeParse('\u0000\u0001').success).toBe(false);
	});

	it('keeps a name on one line, without bidi overrides, RTL letters kept', () => {
		expect(cleanLine('Jean\n\tDupont')).toBe('Jean Dupont');
		expect(cleanLine('\u202eevil\u2066x\u2069')).toBe('evilx');
		expect(nameSchema.parse(' مريم \u200f')).toBe('مريم \u200f');
		expect(nameSchema.safeParse('\u202e\u0000').success).toBe(false);
	});

	it('drops bidi controls from a comment, so none is ever stored', () => {
		const controls = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
		expect(bodySchema.parse('https://example.org/x/\u202egpj.exe')).toBe(
			'https://example.org/x/gpj.exe'
		);
		expect(bodySchema.parse(`a${controls}b\nمريم`)).toBe('ab\nمريم');
		expect(bodySchema.safeParse(controls).success).toBe(false);
	});
});
