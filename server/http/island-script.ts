import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Vite's dev server compiles the island from its source on request. */
export const DEV_ISLAND_SCRIPT = '/src/lib/island/boot.ts';

const manifestSchema = z.object({ boot: z.string().regex(/^\/_app\/immutable\/[\w./-]+\.js$/) });

/**
 * The address of the article page's script, as `npm run build` wrote it (vite.island.config.ts
 * names it after its content, so browsers may keep it forever). Without a build: the source.
 */
export function findIslandScript(): string {
	const file = fileURLToPath(new URL('../../build/island.json', import.meta.url));
	if (!existsSync(file)) return DEV_ISLAND_SCRIPT;
	return manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).boot;
}
