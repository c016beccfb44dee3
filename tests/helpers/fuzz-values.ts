import fc from 'fast-check';

/** Pieces of text that have broken parsers, databases and terminals before. */
export const ODD_SNIPPETS = [
	'\u202e', // right-to-left override
	'\u200f', // right-to-left mark
	'\u2066', // left-to-right isolate
	'\u200b', // zero-width space
	'\u200d', // zero-width joiner
	'\ufeff', // byte-order mark
	'\u0000', // NUL
	'\u0007\u001b[31m', // bell, terminal colour
	'e\u0301\u0301\u0301\u0301', // stacked combining accents
	'\ud800', // lone high surrogate
	'\udfff', // lone low surrogate
	'a\ud83d', // high surrogate at the end
	'\ude00b', // low surrogate at the start
	'😀',
	'👩🏽‍🚀',
	'𝕏',
	'ﷺ',
	'مرحبا',
	'\u0085\u2028\u2029', // next line, line and paragraph separators
	'%00%ZZ%',
	'\\u0000',
	'${7*7}{{7*7}}<%= 7*7 %>',
	'<script>alert(1)</script>',
	"'; drop table comments; --",
	'../../../etc/passwd',
	'__proto__',
	'constructor'
];

export const oddText: fc.Arbitrary<string> = fc.oneof(
	fc.constantFrom(...ODD_SNIPPETS),
	fc
		.array(fc.constantFrom(...ODD_SNIPPETS), { minLength: 1, maxLength: 12 })
		.map((a) => a.join('')),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 40 })
);

/**
 * Far past every field's limit, yet under the socket's 64 KiB frame cap once JSON-encoded
 * (a larger frame closes the connection; that is tested apart).
 */
export const hugeText: fc.Arbitrary<string> = fc.constantFrom(
	'x'.repeat(60_000),
	'é'.repeat(20_000),
	'\u200b'.repeat(6_000),
	'\ud800'.repeat(6_000),
	'a\u0301'.repeat(12_000),
	'<b>'.repeat(15_000)
);

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels down. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
	let value: unknown = 0;
	for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
	return value;
}

/** Deep, printed short in a counterexample (fast-check's printer recurses). */
export const deepValue: fc.Arbitrary<unknown> = fc
	.tuple(fc.integer({ min: 50, max: 2000 }), fc.constantFrom('array' as const, 'object' as const))
	.map(([depth, kind]) =>
		withOwnKey(nested(depth, kind) as object, fc.toStringMethod, () => `${kind} ${depth} deep`)
	);

/** Binary: Socket.IO carries these as attachments and hands the server Buffers. */
export const binaryValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.uint8Array({ maxLength: 512 }).map((u) => Buffer.from(u)),
	fc.uint8Array({ maxLength: 512 }).map((u) => u.slice().buffer),
	fc.uint8Array({ maxLength: 64 })
);

/** An object whose own keys are `__proto__`, `constructor` or `prototype` (as JSON.parse makes). */
export const prototypeKeyed: fc.Arbitrary<Record<string, unknown>> = fc
	.tuple(
		fc.constantFrom('__proto__', 'constructor', 'prototype'),
		fc.oneof(fc.constant({ polluted: true }), fc.constant({ prototype: { polluted: true } }))
	)
	.map(([key, value]) => withOwnKey({}, key, value));

/** Adds `key` as an own, enumerable property, even `__proto__`. */
export function withOwnKey<T extends object>(target: T, key: string | symbol, value: unknown): T {
	Object.defineProperty(target, key, {
		value,
		enumerable: typeof key === 'string',
		configurable: true,
		writable: true
	});
	return target;
}

/** Anything that is not a plain object: what a command expecting an object must refuse. */
export const notAnObject: fc.Arbitrary<unknown> = fc.oneof(
	fc.constant(null),
	fc.constant(undefined),
	fc.boolean(),
	fc.integer(),
	fc.double(),
	oddText,
	hugeText,
	fc.array(fc.jsonValue(), { maxLength: 5 }),
	deepValue,
	binaryValue
);

/** A value of the wrong kind for a field expecting `kind`. */
export function wrongType(kind: 'string' | 'number' | 'boolean' | 'array'): fc.Arbitrary<unknown> {
	const others: fc.Arbitrary<unknown>[] = [
		fc.constant(null),
		fc.object({ maxDepth: 2, maxKeys: 3 }),
		prototypeKeyed,
		deepValue,
		binaryValue
	];
	if (kind !== 'string') others.push(oddText, fc.constantFrom('1', '0', 'true', ''));
	if (kind !== 'number') others.push(fc.integer(), fc.double());
	if (kind !== 'boolean') others.push(fc.boolean());
	if (kind !== 'array') others.push(fc.array(fc.jsonValue(), { maxLength: 3 }));
	return fc.oneof(...others);
}

/** Numbers no id may be. */
export const badId: fc.Arbitrary<unknown> = fc.oneof(
	fc.integer({ max: 0 }),
	fc.double({ noInteger: true }),
	fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, 1e300, -0.5, 2 ** 53),
	wrongType('number')
);

/** A random extra key (possibly a prototype key) with any value. */
export const extraEntry: fc.Arbitrary<[string, unknown]> = fc.tuple(
	fc.oneof(
		fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'status', 'id', ''),
		oddText
	),
	fc.oneof(fc.jsonValue(), prototypeKeyed, binaryValue)
);

/**
 * socket.io-client copies a packet holding binary key by key, by assignment: a `__proto__` key
 * would vanish on the way (raw frames test that case). Such entries go without binary.
 */
export function sendableEntries(entries: [string, unknown][]): [string, unknown][] {
	if (!entries.some(([k]) => k === '__proto__')) return entries;
	const isBinary = (v: unknown) => ArrayBuffer.isView(v) || v instanceof ArrayBuffer;
	return entries.map(([k, v]) => [k, isBinary(v) ? 'binaire' : v]);
}

export function countOf(map: Map<string, number>, key: string): void {
	map.set(key, (map.get(key) ?? 0) + 1);
}
