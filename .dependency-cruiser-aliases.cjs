// The SvelteKit aliases (svelte.config.js), in the form dependency-cruiser resolves.
const path = require('node:path');

module.exports = {
	resolve: {
		alias: {
			$server: path.join(__dirname, 'server'),
			$contract: path.join(__dirname, 'server/contract'),
			$lib: path.join(__dirname, 'src/lib')
		}
	}
};
