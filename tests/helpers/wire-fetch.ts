import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/** A response as it crossed the wire: fetch() would decode it and hide its size. */
export interface ServedResponse {
	status: number;
	headers: IncomingHttpHeaders;
	/** The body's bytes as sent, compressed or not. */
	wire: Buffer;
	/** The body once its Content-Encoding is undone. */
	body: Buffer;
}

function decode(wire: Buffer, encoding: string | undefined): Buffer {
	if (!encoding || encoding === 'identity') return wire;
	if (encoding === 'br') return brotliDecompressSync(wire);
	if (encoding === 'gzip') return gunzipSync(wire);
	throw new Error(`unexpected Content-Encoding: ${encoding}`);
}

/** GETs `url` asking for `acceptEncoding` (none: no Accept-Encoding header at all). */
export function fetchAsServed(
	url: string,
	acceptEncoding?: string,
	headers: Record<string, string> = {}
): Promise<ServedResponse> {
	const sent = acceptEncoding ? { ...headers, 'accept-encoding': acceptEncoding } : headers;
	return new Promise((resolve, reject) => {
		const req = request(url, { headers: sent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('error', reject);
			res.on('end', () => {
				const wire = Buffer.concat(chunks);
				try {
					const body = decode(wire, res.headers['content-encoding']);
					resolve({ status: res.statusCode ?? 0, headers: res.headers, wire, body });
				} catch (error) {
					reject(error);
				}
			});
		});
		req.on('error', reject);
		req.end();
	});
}
