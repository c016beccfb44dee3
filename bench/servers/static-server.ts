/** The P5 baseline: node:http serving one file from disk, as a plain static server would. */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';

const file = process.env.STATIC_FILE ?? '';
const port = Number(process.env.PORT);
const size = statSync(file).size;

createServer((req, res) => {
	res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': size });
	createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => process.send?.({ type: 'ready' }));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
