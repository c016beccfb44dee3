import { afterEach } from 'vitest';
import type { FilServer } from './fil-server.ts';

/**
 * After a failed test, prints the logs of the servers it used (they say why, most often).
 * FIL_TEST_PRINT_LOGS=1 prints them after every test.
 */
export function printLogsOnFailure(servers: () => (FilServer | undefined)[]): void {
	afterEach(({ task }) => {
		if (task.result?.state !== 'fail' && !process.env.FIL_TEST_PRINT_LOGS) return;
		for (const server of servers()) {
			if (server) console.log(`--- server :${server.port}\n${server.logs.join('\n')}`);
		}
	});
}
