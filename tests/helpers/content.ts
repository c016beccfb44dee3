import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A content folder (CONTENT_DIR) holding a short article per [slug, title]. */
export function writeArticles(articles: [slug: string, title: string][]): string {
	const dir = mkdtempSync(join(tmpdir(), 'fil-content-'));
	for (const [slug, title] of articles) {
		writeFileSync(
			join(dir, `${slug}.md`),
			`---\nslug: ${slug}\ntitle: "${title}"\n---\n\nTexte.\n`
		);
	}
	return dir;
}
