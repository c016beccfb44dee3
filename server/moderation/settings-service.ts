import type { AppContext } from '../context/app-context.ts';
import {
	articleSettingsSchema,
	siteSettingsSchema,
	type ArticleSettings,
	type SiteSettings
} from '../contract/moderation.ts';
import { FilError, parseInput } from '../errors/fil-error.ts';
import { insertAudit } from './audit-repository.ts';
import { authoriseModerator, viaOf, type Moderator } from './moderator.ts';
import { SITE_SCOPE, writeSettings } from '../policy/settings-repository.ts';

const POLICY_WORDS = { none: 'aucune', first: 'premiers commentaires', all: 'tous' } as const;

export async function saveSiteSettings(
	ctx: AppContext,
	moderator: Moderator,
	input: unknown
): Promise<SiteSettings> {
	const data = parseInput(siteSettingsSchema, input);
	const author = await authoriseModerator(ctx, moderator);
	const now = new Date().toISOString();
	await ctx.db.transaction().execute(async (trx) => {
		await writeSettings(trx, SITE_SCOPE, data, now);
		await insertAudit(trx, {
			authorId: author.id,
			via: viaOf(moderator),
			action: 'settings',
			detail: `site, modération a priori : ${POLICY_WORDS[data.preModeration]}`,
			now
		});
	});
	return data;
}

export async function saveArticleSettings(
	ctx: AppContext,
	moderator: Moderator,
	slug: string,
	input: unknown
): Promise<ArticleSettings> {
	const data = parseInput(articleSettingsSchema, input);
	const author = await authoriseModerator(ctx, moderator);
	if (!ctx.articles.get(slug)) throw new FilError('NOT_FOUND');
	const now = new Date().toISOString();
	await ctx.db.transaction().execute(async (trx) => {
		await writeSettings(trx, slug, data, now);
		await insertAudit(trx, {
			authorId: author.id,
			via: viaOf(moderator),
			action: 'settings',
			articleSlug: slug,
			detail: `article, modération a priori : ${data.preModeration ? POLICY_WORDS[data.preModeration] : 'comme le site'}`,
			now
		});
	});
	return data;
}
