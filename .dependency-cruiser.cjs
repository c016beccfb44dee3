// One-way layers, checked by `npm run lint` (README, "Architecture"). A folder may import its
// own layer and the layers above it in this list, never one below; no cycles between files or
// between folders.
const LAYERS = [
	['contract'],
	['config', 'log', 'errors', 'security'],
	['db'],
	['redis', 'presence', 'limits', 'events', 'articles', 'cache', 'auth', 'backup'],
	['context'],
	['identity', 'authors'],
	['policy', 'outbox'],
	['reactions'],
	['comments'],
	['moderation', 'threads'],
	['mail', 'http'],
	['realtime'],
	['boot', 'cli']
];

const folders = (layers) => `^server/(${layers.flat().join('|')})/`;

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
	name: `layer-${layer.join('-')}`,
	comment: `${layer.join(', ')} may not import a higher layer (${LAYERS.slice(i + 1)
		.flat()
		.join(', ')})`,
	severity: 'error',
	from: { path: folders([layer]) },
	to: { path: folders(LAYERS.slice(i + 1)) }
}));

// Code that runs in the browser: the article page's island, the live client, components,
// and every .svelte file.
const BROWSER = ['^src/lib/(live|island|components|format|admin)/', '^src/.*\\.svelte$'];

module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'no cycle between files (a component rendering its own replies is no cycle)',
			from: { path: '(^.+$)' },
			to: { circular: true, pathNot: '^$1$' }
		},
		{
			name: 'no-circular-folders',
			severity: 'error',
			comment: 'no cycle between folders',
			scope: 'folder',
			from: {},
			to: { circular: true }
		},
		...layerRules,
		{
			name: 'browser-imports-only-the-contract',
			severity: 'error',
			comment: 'browser code imports no server module but the contract ($contract)',
			from: { path: BROWSER },
			to: { path: ['^server/', '^src/lib/server/'], pathNot: '^server/contract/' }
		},
		{
			name: 'server-imports-no-app',
			severity: 'error',
			comment: 'server/ is plain Node modules: it never imports the SvelteKit app',
			from: { path: '^server/' },
			to: { path: '^src/' }
		}
	],
	options: {
		tsPreCompilationDeps: true,
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '^(node_modules|build|\\.svelte-kit)/' },
		webpackConfig: { fileName: '.dependency-cruiser-aliases.cjs' },
		enhancedResolveOptions: {
			exportsFields: ['exports'],
			conditionNames: ['import', 'types', 'svelte', 'node', 'default'],
			extensions: ['.ts', '.js', '.svelte'],
			mainFields: ['module', 'main', 'types']
		}
	}
};
