import type { Db } from '../db/database.ts';
import { prepareQuery } from '../db/prepared-query.ts';
import {
	articleSettingsSchema,
	siteSettingsSchema,
	type ArticleSettings,
	type SiteSettings
} from '../contract/moderation.ts';

export const SITE_SCOPE = '*';

const selectScope = prepareQuery((db, p: { scope: string }) =>
	db.selectFrom('moderation_settings').select('data').where('scope', '=', p.scope)
);

async function readScope(db: Db, scope: string): Promise<unknown> {
	const [row] = (await selectScope(db, { scope })).rows;
	if (!row) return undefined;
	try {
		return JSON.parse(row.data) as unknown;
	} catch {
		return undefined;
	}
}

/** Stored settings are parsed again on the way out: a bad row falls back to the defaults. */
export async function readSiteSettings(db: Db): Promise<SiteSettings> {
	const parsed = siteSettingsSchema.safeParse((await readScope(db, SITE_SCOPE)) ?? {});
	return parsed.success ? parsed.data : siteSettingsSchema.parse({});
}

export async function readArticleSettings(db: Db, slug: string): Promise<ArticleSettings> {
	const parsed = articleSettingsSchema.safeParse((await readScope(db, slug)) ?? {});
	return parsed.success ? parsed.data : articleSettingsSchema.parse({});
}

export async function writeSettings(
	db: Db,
	scope: string,
	data: SiteSettings | ArticleSettings,
	now: string
): Promise<void> {
	const json = JSON.stringify(data);
	await db
		.insertInto('moderation_settings')
		.values({ scope, data: json, updated_at: now })
		.onConflict((oc) => oc.column('scope').doUpdateSet({ data: json, updated_at: now }))
		.execute();
}

/** The site's settings with the article's override on top; the word lists add up. */
export function mergeSettings(site: SiteSettings, article: ArticleSettings): SiteSettings {
	return {
		preModeration: article.preModeration ?? site.preModeration,
		maxLinks: article.maxLinks ?? site.maxLinks,
		reportThreshold: article.reportThreshold ?? site.reportThreshold,
		bannedWords: [...site.bannedWords, ...article.bannedWords],
		suspectWords: [...site.suspectWords, ...article.suspectWords]
	};
}

export async function readEffectiveSettings(db: Db, slug: string): Promise<SiteSettings> {
	return mergeSettings(await readSiteSettings(db), await readArticleSettings(db, slug));
}
