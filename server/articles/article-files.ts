import { readdirSync, readFileSync } from 'node:fs';
import { ConfigError } from '../config/config-error.ts';
import { join } from 'node:path';
import { z } from 'zod';

const frontMatterSchema = z.object({
	slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
	lang: z.string().default('fr'),
	title: z.string().min(1),
	cover_alt: z.string().optional(),
	closing_question: z.string().optional(),
	date: z.string().optional()
});

export type ArticleMeta = z.output<typeof frontMatterSchema>;
export interface ArticleFile {
	meta: ArticleMeta;
	markdown: string;
}

/** A small front-matter reader: `key: value` or `key: "quoted value"` lines between `---`. */
export function parseArticleFile(source: string): ArticleFile {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
	if (!match) throw new Error('article without front matter');
	const fields: Record<string, string> = {};
	for (const line of match[1].split(/\r?\n/)) {
		const kv = /^([A-Za-z_]+):\s*(.*)$/.exec(line);
		if (!kv) continue;
		let value = kv[2].trim();
		if (value.startsWith('"') && value.endsWith('"')) value = JSON.parse(value) as string;
		fields[kv[1]] = value;
	}
	return { meta: frontMatterSchema.parse(fields), markdown: match[2] };
}

export function readArticleFiles(contentDir: string): ArticleFile[] {
	let names: string[];
	try {
		names = readdirSync(contentDir);
	} catch (error) {
		throw new ConfigError(
			`Configuration invalide :\n  CONTENT_DIR (${contentDir}) : ${(error as Error).message}`
		);
	}
	const files = names.filter((f) => f.endsWith('.md')).sort();
	return files.map((f) => parseArticleFile(readFileSync(join(contentDir, f), 'utf8')));
}
