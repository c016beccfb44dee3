import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Chosen once in the runner and inherited by its workers, so parallel runs do not collide.
process.env.E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
const port = Number(process.env.E2E_PORT);
// The same way for the data directory: tests create the author account in it with the CLI.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'fil-e2e-'));

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 30_000,
	retries: process.env.CI ? 1 : 0,
	failOnFlakyTests: Boolean(process.env.CI),
	workers: 1,
	reporter: 'list',
	// The page survey leaves a long thread on the shared article: it runs once the rest is done.
	projects: [
		{ name: 'thread', testIgnore: /every-page\.spec\.ts/ },
		{ name: 'every-page', testMatch: /every-page\.spec\.ts/, dependencies: ['thread'] }
	],
	use: {
		baseURL: `http://localhost:${port}`,
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: {
		command: 'node --import tsx server/index.ts',
		url: `http://localhost:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: process.env.E2E_DATA_DIR,
			LOG_LEVEL: 'warn',
			LIMIT_COMMENT_IDENTITY_SECONDS: '0',
			LIMIT_COMMENT_IP_PER_MINUTE: '0',
			LIMIT_REACTION_IP_PER_10S: '0',
			LIMIT_CONNECTION_IP_PER_MINUTE: '0',
			LIMIT_IDENTITY_IP_PER_HOUR: '0'
		}
	}
});
