import fc from 'fast-check';
import { AUTHOR, SLUG } from './fixtures.ts';
import { oddText, ODD_SNIPPETS, withOwnKey } from './fuzz-values.ts';

/** Where ids come from: set once the seed comments exist. */
export const formSeed = { own: 0, other: 0 };

type Fields = Record<string, string | string[]>;

export interface FormSpec {
	path: string;
	as: 'none' | 'reader' | 'author';
	valid: () => Fields;
	/** For each field, values that make the form wrong (`undefined`: the field is missing). */
	bad: Record<string, fc.Arbitrary<string | string[] | undefined>>;
}

const missing = fc.constant(undefined);
const blank = fc.constantFrom('', '   ', '\r\n\r\n', '\u0000');
const huge = (n: number) => fc.constantFrom('x'.repeat(n), 'é'.repeat(n), '\u200b'.repeat(n));
const badId = fc.oneof(
	missing,
	fc.constantFrom('', 'abc', '0', '-3', '1.5', '1e400', 'NaN', '0x10', ' 1', '+1', '1e0', '١٢'),
	oddText.filter((s) => !/^\d+$/.test(s))
);
/**
 * Also a well-formed id of no comment: refused too, but a browser without a session gets one
 * for a well-formed request (as for a good one), so only the others are sent that.
 */
const idFor = (as: FormSpec['as']) =>
	as === 'none' ? badId : fc.oneof(badId, fc.constant('99999999'));
// A multipart body's parser drops a value's leading byte-order mark (it decodes with
// TextDecoder): "\uFEFF" arrives as "", which may be an allowed value.
const notIn = (allowed: string[], extra: string[]) =>
	fc.oneof(
		missing,
		fc.constantFrom(...extra),
		oddText.filter((s) => !allowed.includes(s.replace(/^\uFEFF/, '')))
	);
const badSlug = fc.oneof(
	missing,
	fc.constantFrom('', 'Cout-De-L-IA', '../admin', 'cout-de-l-ia\u200b', 'absent'),
	oddText.filter((s) => !/^[a-z0-9-]+$/.test(s))
);
const body = fc.oneof(missing, blank, huge(5001));

const comment = (as: FormSpec['as']): FormSpec => ({
	path: `/articles/${SLUG}?/comment`,
	as,
	valid: () => ({
		body: 'Un avis',
		name: 'Formulaire',
		email: 'formulaire@example.org',
		website: '',
		idempotencyKey: `form-${Math.random().toString(36).slice(2, 12)}`,
		parentId: ''
	}),
	bad: {
		body,
		name: fc.oneof(missing, blank, huge(81), fc.constant('\u202e\u2066')),
		email: fc.oneof(missing, fc.constantFrom('', 'pas-une-adresse', 'a@b', '<x>@y.fr'), huge(300)),
		website: fc.constantFrom(
			'javascript:alert(1)',
			'data:,x',
			'//evil.example',
			'http://',
			'ftp://a.fr'
		),
		idempotencyKey: fc.oneof(
			missing,
			fc.constantFrom('', 'court', 'espace dedans', 'x'.repeat(65))
		),
		// An empty parent is a valid top-level post; a lone BOM is read as empty by the form parser.
		parentId: idFor(as).filter((v) => v !== undefined && v.replace(/\uFEFF/g, '') !== '')
	}
});

const react = (as: FormSpec['as']): FormSpec => ({
	path: `/articles/${SLUG}?/react`,
	as,
	valid: () => ({ commentId: String(formSeed.other), emoji: '👍' }),
	bad: { commentId: idFor(as), emoji: notIn(['👍', '❤️', '😂', '🤔', '😮'], ['👍🏽', ':+1:', '']) }
});

const report = (as: FormSpec['as']): FormSpec => ({
	path: `/articles/${SLUG}?/report`,
	as,
	valid: () => ({ commentId: String(formSeed.other), reason: 'spam' }),
	bad: {
		commentId: idFor(as),
		reason: notIn(['spam', 'abuse', 'off_topic', 'other'], ['SPAM', ''])
	}
});

const settingsBad = {
	preModeration: notIn(['none', 'first', 'all', ''], ['tous', 'ALL', 'none ']),
	maxLinks: fc.constantFrom('abc', '-1', '51', '1.5', '1e3'),
	reportThreshold: fc.constantFrom('0', '101', 'x', '-1'),
	bannedWords: fc.constantFrom(
		'x'.repeat(81),
		Array.from({ length: 501 }, (_, i) => `w${i}`).join('\n')
	)
};

export const FORM_SPECS: FormSpec[] = [
	comment('none'),
	comment('reader'),
	{
		path: `/articles/${SLUG}?/edit`,
		as: 'reader',
		valid: () => ({ commentId: String(formSeed.own), body: 'Réécrit' }),
		bad: { commentId: idFor('author'), body }
	},
	{
		path: `/articles/${SLUG}?/delete`,
		as: 'reader',
		valid: () => ({ commentId: String(formSeed.own) }),
		bad: { commentId: idFor('author') }
	},
	react('none'),
	react('reader'),
	report('none'),
	report('reader'),
	{
		path: '/connexion',
		as: 'none',
		valid: () => ({ email: AUTHOR.email, password: AUTHOR.password }),
		bad: {
			email: fc.oneof(missing, fc.constantFrom('', 'autrice', `${AUTHOR.email}\u0000`), huge(300)),
			password: fc.oneof(missing, fc.constant(''), oddText, huge(600))
		}
	},
	{
		path: '/admin?/moderate',
		as: 'author',
		valid: () => ({ commentId: String(formSeed.other), action: 'pin' }),
		bad: {
			commentId: idFor('author'),
			action: notIn(['approve', 'reject', 'spam', 'delete', 'pin', 'unpin'], ['PIN', 'ban'])
		}
	},
	{
		path: '/admin?/bulk',
		as: 'author',
		valid: () => ({ commentId: [String(formSeed.other)], action: 'approve' }),
		bad: {
			commentId: fc.oneof(
				missing,
				fc.constantFrom(
					['abc'],
					['0'],
					['1', '-1'],
					Array.from({ length: 201 }, (_, i) => String(i + 1))
				)
			),
			action: notIn(['approve'], ['reject', 'APPROVE'])
		}
	},
	{
		path: '/admin?/edit',
		as: 'author',
		valid: () => ({ commentId: String(formSeed.other), body: 'Réécrit par l’autrice' }),
		bad: { commentId: idFor('author'), body }
	},
	{
		path: '/admin?/ban',
		as: 'author',
		valid: () => ({ commentId: String(formSeed.other), includeIp: 'on', rejectAll: '' }),
		bad: { commentId: idFor('author') }
	},
	{
		path: '/admin?/thread',
		as: 'author',
		valid: () => ({ slug: SLUG, closed: '0' }),
		bad: { slug: badSlug }
	},
	{
		path: '/admin/reglages?/site',
		as: 'author',
		valid: () => ({
			preModeration: 'none',
			bannedWords: '',
			suspectWords: '',
			maxLinks: '2',
			reportThreshold: '3'
		}),
		bad: settingsBad
	},
	{
		path: '/admin/reglages?/article',
		as: 'author',
		valid: () => ({
			slug: SLUG,
			preModeration: '',
			bannedWords: '',
			suspectWords: '',
			maxLinks: '',
			reportThreshold: ''
		}),
		bad: {
			slug: badSlug,
			preModeration: settingsBad.preModeration.filter((v) => v !== undefined),
			maxLinks: settingsBad.maxLinks
		}
	},
	{
		path: '/admin/e-mails?/resend',
		as: 'author',
		valid: () => ({ outboxId: '1' }),
		bad: { outboxId: badId.filter((v) => v !== ' 1' && v !== '+1' && v !== '1e0') }
	},
	{
		path: '/admin/e-mails?/settings',
		as: 'author',
		valid: () => ({ notify: 'held', digest: 'on' }),
		bad: { notify: notIn(['every', 'held', 'none'], ['EVERY', 'jamais', '']) }
	}
];

export interface FormRequest {
	how: string;
	contentType: string | null;
	body: string | Uint8Array<ArrayBuffer> | FormData;
	enhanced: boolean;
}

function urlencoded(fields: Fields): string {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) params.append(k, x);
	return params.toString();
}

function multipart(fields: Fields, binary: Uint8Array | null): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
	if (binary) form.append('piece', new Blob([new Uint8Array(binary)]), 'piece.bin');
	return form;
}

/** Spoils the encoding of an already wrong form, or sends something that is not a form. */
const encodings = (fields: Fields): fc.Arbitrary<Omit<FormRequest, 'enhanced'>> =>
	fc.oneof(
		fc.constant({
			how: 'urlencoded',
			contentType: 'application/x-www-form-urlencoded',
			body: urlencoded(fields)
		}),
		fc.option(fc.uint8Array({ maxLength: 256 })).map((bin) => ({
			how: 'multipart',
			contentType: null,
			body: multipart(fields, bin)
		})),
		fc.constantFrom('&%ZZ=%E0%A4%A', '&=&&=x', '&body', '&%00=%00').map((tail) => ({
			how: 'bad escapes',
			contentType: 'application/x-www-form-urlencoded',
			body: urlencoded(fields) + tail
		})),
		fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({
			how: 'raw bytes',
			contentType: 'application/x-www-form-urlencoded',
			body: new Uint8Array([
				...new TextEncoder().encode(`${urlencoded(fields)}&x=`),
				0xff,
				0xfe,
				...bytes
			])
		})),
		fc
			.constantFrom(
				'text/plain',
				'application/json',
				'application/octet-stream',
				'multipart/form-data',
				'multipart/form-data; boundary=zz',
				'application/x-sveltekit-formdata',
				'application/x-www-form-urlencoded; charset=utf-16'
			)
			.map((type) => ({ how: `as ${type}`, contentType: type, body: JSON.stringify(fields) }))
	);

/** A request for `spec` that is wrong in at least one field, plus noise. */
export function malformedForm(spec: FormSpec): fc.Arbitrary<FormRequest> {
	const names = Object.keys(spec.bad);
	return fc
		.record({
			broken: fc
				.constantFrom(...names)
				.chain((name) => spec.bad[name].map((value) => ({ name, value }))),
			extras: fc.array(
				fc.tuple(
					fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', '/default'), oddText),
					oddText
				),
				{ maxLength: 3 }
			),
			noise: fc.array(fc.constantFrom(...ODD_SNIPPETS), { maxLength: 2 }),
			enhanced: fc.boolean()
		})
		.chain(({ broken, extras, noise, enhanced }) => {
			const fields = spec.valid();
			if (broken.value === undefined) delete fields[broken.name];
			else fields[broken.name] = broken.value;
			for (const [k, v] of extras) if (!Object.hasOwn(fields, k)) withOwnKey(fields, k, v);
			// A wrong field sent twice: the action reads the first.
			if (noise.length > 0 && broken.value !== undefined)
				fields[broken.name] = [broken.value, ...noise].flat();
			return encodings(fields).map((e) => ({ ...e, how: `${broken.name} ${e.how}`, enhanced }));
		});
}
