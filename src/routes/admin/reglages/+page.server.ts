import { redirect } from '@sveltejs/kit';
import { PRE_MODERATION } from '$contract/moderation';
import { readArticleSettings, readSiteSettings } from '$server/policy/settings-repository';
import { saveArticleSettings, saveSiteSettings } from '$server/moderation/settings-service';
import { failFromError } from '$lib/server/form-errors';
import { formNumber, formText, readForm } from '$lib/server/form-fields';
import { requireAuthorAction } from '$lib/server/require-author';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { ctx } = locals;
	const articles = await Promise.all(
		ctx.articles.list().map(async (a) => ({
			slug: a.slug,
			title: a.title,
			settings: await readArticleSettings(ctx.db, a.slug)
		}))
	);
	return {
		site: await readSiteSettings(ctx.db),
		articles,
		policies: PRE_MODERATION,
		saved: url.searchParams.get('enregistre') === '1'
	};
};

/** One word or phrase a line (commas work too). */
function words(form: FormData, name: string): string[] {
	return formText(form, name)
		.split(/[\n,]/)
		.map((w) => w.trim())
		.filter(Boolean);
}

/** A number field; left empty, the article follows the site. */
function optionalInt(form: FormData, name: string): number | undefined {
	const v = formText(form, name).trim();
	return v === '' ? undefined : formNumber(v);
}

function optionalText(form: FormData, name: string): string | undefined {
	const v = formText(form, name);
	return v === '' ? undefined : v;
}

function valuesOf(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [k, v] of form) if (typeof v === 'string') values[k] = v;
	return values;
}

export const actions: Actions = {
	site: async (event) => {
		const moderator = await requireAuthorAction(event);
		const form = await readForm(event);
		try {
			await saveSiteSettings(event.locals.ctx, moderator, {
				preModeration: formText(form, 'preModeration'),
				bannedWords: words(form, 'bannedWords'),
				suspectWords: words(form, 'suspectWords'),
				maxLinks: formNumber(formText(form, 'maxLinks').trim()),
				reportThreshold: formNumber(formText(form, 'reportThreshold').trim())
			});
		} catch (e) {
			return failFromError(event, e, 'site', valuesOf(form));
		}
		redirect(303, '/admin/reglages?enregistre=1');
	},
	article: async (event) => {
		const moderator = await requireAuthorAction(event);
		const form = await readForm(event);
		const slug = formText(form, 'slug');
		try {
			await saveArticleSettings(event.locals.ctx, moderator, slug, {
				preModeration: optionalText(form, 'preModeration'),
				bannedWords: words(form, 'bannedWords'),
				suspectWords: words(form, 'suspectWords'),
				maxLinks: optionalInt(form, 'maxLinks'),
				reportThreshold: optionalInt(form, 'reportThreshold')
			});
		} catch (e) {
			return failFromError(event, e, `article:${slug}`, valuesOf(form));
		}
		redirect(303, '/admin/reglages?enregistre=1');
	}
};
