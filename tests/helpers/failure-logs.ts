import { afterEach } from 'vitest';
import type { FilServer } from './fil-server.ts';

/** After a failed test, prints the logs of the servers it used (they say why, most often). */
export function printLogsOnFailure(servers: () => (FilServer | undefined)[]): void {
	afterEach(({ task }) => {
		if (task.result?.state !== 'fail') return;
		for (const server of servers()) {
			if (server) console.log(`--- server :${server.port}\n${server.logs.join('\n')}`);
		}
	});
}
