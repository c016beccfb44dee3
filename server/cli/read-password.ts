import { createInterface } from 'node:readline';

/**
 * Reads one line from the terminal without echoing it; from a pipe, reads the first line.
 */
export function readPassword(prompt: string): Promise<string> {
	const stdin = process.stdin;
	if (!stdin.isTTY) {
		return new Promise((resolve, reject) => {
			const rl = createInterface({ input: stdin });
			rl.once('line', (line) => {
				resolve(line);
				rl.close();
			});
			rl.once('close', () => reject(new Error('Aucun mot de passe reçu.')));
		});
	}
	return new Promise((resolve, reject) => {
		let typed = '';
		// Echo goes off before the prompt shows, so nothing typed after it is ever displayed.
		stdin.setRawMode(true);
		process.stdout.write(prompt);
		stdin.resume();
		stdin.setEncoding('utf8');
		const done = (error?: Error) => {
			stdin.setRawMode(false);
			stdin.pause();
			stdin.off('data', onData);
			process.stdout.write('\n');
			if (error) reject(error);
			else resolve(typed);
		};
		const onData = (chunk: string) => {
			for (const ch of chunk) {
				if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
				if (ch === '\u0003') return done(new Error('Annulé.'));
				if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
				else typed += ch;
			}
		};
		stdin.on('data', onData);
	});
}
