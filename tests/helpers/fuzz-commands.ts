import fc from 'fast-check';
import { EMOJIS } from '../../server/contract/constants.ts';
import type { ClientToServerEvents } from '../../server/contract/events.ts';
import {
	badId,
	extraEntry,
	hugeText,
	notAnObject,
	oddText,
	sendableEntries,
	withOwnKey,
	wrongType
} from './fuzz-values.ts';

type Kind = 'string' | 'number' | 'boolean' | 'array';

interface Field {
	kind: Kind;
	valid: () => unknown;
	required: boolean;
	/** Values this field refuses (null only where the field refuses null). */
	bad: fc.Arbitrary<unknown>;
}

export interface CommandSpec {
	name: keyof ClientToServerEvents;
	as: 'reader' | 'author';
	fields: Record<string, Field>;
}

/** Ids the specs use as the valid value: set once the seed comments exist. */
export const seeded = { own: 0, other: 0, slug: 'cout-de-l-ia' };

const blank = fc.constantFrom('', '   ', '\n\n', '\u0000', '\u0000\u0007\u001b');
/** Socket.IO sends JSON, where NaN and ±Infinity arrive as null: a valid "unset" here. */
const notNull = (a: fc.Arbitrary<unknown>) =>
	a.filter((v) => v !== null && v !== undefined && !(typeof v === 'number' && !Number.isFinite(v)));

function field(kind: Kind, valid: () => unknown, bad: fc.Arbitrary<unknown>, required = true) {
	return { kind, valid, bad, required };
}

const slug = field(
	'string',
	() => seeded.slug,
	fc.oneof(
		wrongType('string'),
		hugeText,
		oddText.filter((s) => !/^[a-z0-9-]+$/.test(s)),
		fc.constantFrom('', 'Cout-De-L-IA', 'cout de l ia', '../admin', 'cout-de-l-ia\u200b', '%2e%2e')
	)
);
const body = field(
	'string',
	() => 'Un avis tout à fait valable',
	fc.oneof(wrongType('string'), hugeText, blank)
);
const commentId = (which: 'own' | 'other') =>
	field('number', () => seeded[which], fc.oneof(badId, fc.constant(0)));
const enumOf = (valid: string, wrong: string[]) =>
	field(
		'string',
		() => valid,
		fc.oneof(wrongType('string'), fc.constantFrom(...wrong), hugeText, oddText)
	);

export const COMMAND_SPECS: CommandSpec[] = [
	{
		name: 'thread:join',
		as: 'reader',
		fields: {
			slug,
			since: field(
				'number',
				() => 0,
				notNull(
					fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true }), wrongType('number'))
				),
				false
			)
		}
	},
	{
		name: 'thread:page',
		as: 'reader',
		fields: {
			slug,
			sort: { ...enumOf('oldest', ['OLDEST', 'random', 'oldest ', 'id desc']), required: false },
			offset: field(
				'number',
				() => 0,
				fc.oneof(
					fc.integer({ max: -1 }),
					fc.constant(1_000_001),
					fc.double({ noInteger: true }),
					wrongType('number')
				)
			)
		}
	},
	{
		name: 'comment:post',
		as: 'reader',
		fields: {
			slug,
			parentId: field('number', () => null, notNull(fc.oneof(badId, fc.constant(0))), false),
			body,
			name: field(
				'string',
				() => 'Fuzz',
				fc.oneof(
					wrongType('string'),
					hugeText,
					blank,
					fc.constant('x'.repeat(81)),
					fc.constant('\u202e\u2066')
				)
			),
			email: field(
				'string',
				() => 'fuzz@example.org',
				fc.oneof(
					wrongType('string'),
					hugeText,
					fc.constantFrom(
						'',
						'pas-une-adresse',
						'a@b',
						'<script>@x.fr',
						'a@b.c\u0000',
						`${'a'.repeat(250)}@x.fr`
					)
				)
			),
			website: field(
				'string',
				() => '',
				notNull(
					fc.oneof(
						wrongType('string'),
						fc.constantFrom(
							'javascript:alert(1)',
							'data:text/html,<script>alert(1)</script>',
							'vbscript:msgbox(1)',
							'ftp://example.org',
							'//evil.example',
							'http://',
							'https://exa mple.org',
							'http://localhost',
							`https://example.org/${'a'.repeat(300)}`
						)
					)
				),
				false
			),
			notify: field('boolean', () => false, notNull(wrongType('boolean')), false),
			idempotencyKey: field(
				'string',
				() => `fuzz-${Math.random().toString(36).slice(2)}`,
				fc.oneof(
					wrongType('string'),
					fc.constantFrom('short', 'x'.repeat(65), 'has space 1234', 'clé-accentuée', ''),
					oddText.filter((s) => !/^[A-Za-z0-9_-]{8,64}$/.test(s))
				)
			)
		}
	},
	{ name: 'comment:edit', as: 'reader', fields: { commentId: commentId('own'), body } },
	{ name: 'comment:delete', as: 'reader', fields: { commentId: commentId('own') } },
	{
		name: 'reaction:toggle',
		as: 'reader',
		fields: {
			commentId: commentId('other'),
			emoji: field(
				'string',
				() => EMOJIS[0],
				fc.oneof(
					wrongType('string'),
					fc.constantFrom('👍🏽', '👍\ufe0f\ufe0f', ':+1:', '', '💩'),
					oddText.filter((s) => !(EMOJIS as readonly string[]).includes(s))
				)
			)
		}
	},
	{
		name: 'comment:report',
		as: 'reader',
		fields: {
			commentId: commentId('other'),
			reason: enumOf('spam', ['SPAM', 'autre', 'spam\u0000', 'toString', '__proto__'])
		}
	},
	{ name: 'moderation:join', as: 'author', fields: {} },
	{
		name: 'moderation:act',
		as: 'author',
		fields: {
			commentId: commentId('other'),
			action: enumOf('approve', ['APPROVE', 'ban', 'toString', 'constructor', 'approve '])
		}
	},
	{
		name: 'moderation:bulk',
		as: 'author',
		fields: {
			commentIds: field(
				'array',
				() => [seeded.other],
				fc.oneof(
					wrongType('array'),
					fc.constant([]),
					fc.array(badId, { minLength: 1, maxLength: 5 }),
					fc.constant(Array.from({ length: 201 }, (_, i) => i + 1))
				)
			),
			action: enumOf('approve', ['reject', 'APPROVE', 'approve\u200b'])
		}
	},
	{ name: 'moderation:edit', as: 'author', fields: { commentId: commentId('other'), body } },
	{
		name: 'moderation:ban',
		as: 'author',
		fields: {
			commentId: commentId('other'),
			includeIp: field('boolean', () => false, wrongType('boolean'), false),
			rejectAll: field('boolean', () => false, wrongType('boolean'), false)
		}
	},
	{
		name: 'moderation:thread',
		as: 'author',
		fields: { slug, closed: field('boolean', () => false, wrongType('boolean')) }
	}
];

function validPayload(spec: CommandSpec): Record<string, unknown> {
	return Object.fromEntries(Object.entries(spec.fields).map(([k, f]) => [k, f.valid()]));
}

export interface Malformed {
	how: string;
	/** The arguments before the acknowledgement. */
	args: unknown[];
}

/** Payloads the command must refuse, each wrong in at least one way. */
export function malformedArgs(spec: CommandSpec): fc.Arbitrary<Malformed> {
	const names = Object.keys(spec.fields);
	const required = names.filter((n) => spec.fields[n].required);
	const variants: fc.Arbitrary<Malformed>[] = [
		notAnObject.map((p) => ({ how: 'not an object', args: [p] })),
		fc.constant({ how: 'no payload', args: [] }),
		fc
			.array(fc.jsonValue(), { minLength: 1, maxLength: 3 })
			.map((extra) => ({ how: 'extra argument', args: [validPayload(spec), ...extra] })),
		fc.array(extraEntry, { minLength: 1, maxLength: 3 }).map((entries) => {
			const payload = validPayload(spec);
			// An extra key the schema does not know, even when it is `__proto__`.
			for (const [k, v] of sendableEntries(entries))
				withOwnKey(payload, Object.hasOwn(spec.fields, k) ? `${k}_` : k, v);
			return { how: 'extra field', args: [payload] };
		})
	];
	if (required.length > 0) {
		variants.push(
			fc.constantFrom(...required).map((missing) => {
				const payload = validPayload(spec);
				delete payload[missing];
				return { how: `missing ${missing}`, args: [payload] };
			})
		);
	}
	if (names.length > 0) {
		variants.push(
			fc
				.constantFrom(...names)
				.chain((broken) => spec.fields[broken].bad.map((value) => ({ broken, value })))
				.map(({ broken, value }) => {
					const payload = validPayload(spec);
					payload[broken] = value;
					return { how: `bad ${broken}`, args: [payload] };
				})
		);
	}
	return fc.oneof(...variants);
}
