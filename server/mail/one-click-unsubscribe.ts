import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../context/app-context.ts';
import { mailTokenSchema } from './mail-tokens.ts';
import { unsubscribe } from './mail-link-service.ts';

export const UNSUBSCRIBE_PATH = '/e-mail/desabonnement';
const MAX_BODY = 4096;

/**
 * RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click` to the List-Unsubscribe
 * URL, without cookies and with no (or a foreign) Origin. SvelteKit's CSRF check refuses such a
 * form POST before any hook runs, so this one request is answered here, ahead of SvelteKit.
 * Only the exact URL put in the header (`?token=…` alone) is taken; the page's own buttons post
 * to its form actions (`?/all`, `?/thread`) and go to SvelteKit as usual.
 */
export function handleOneClickUnsubscribe(
	ctx: AppContext,
	req: IncomingMessage,
	res: ServerResponse
): boolean {
	if (req.method !== 'POST') return false;
	// A raw request line may hold anything: what does not parse is not ours to answer.
	if (!URL.canParse(req.url ?? '/', 'http://localhost')) return false;
	const url = new URL(req.url ?? '/', 'http://localhost');
	if (url.pathname !== UNSUBSCRIBE_PATH) return false;
	const keys = [...url.searchParams.keys()];
	if (keys.length !== 1 || keys[0] !== 'token') return false;

	const answer = (status: number, text: string) => {
		if (res.headersSent) return;
		res.writeHead(status, {
			'content-type': 'text/plain; charset=utf-8',
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		});
		res.end(text);
	};
	let size = 0;
	req.on('data', (chunk: Buffer) => {
		size += chunk.length;
		if (size > MAX_BODY) {
			answer(413, 'Requête trop volumineuse.');
			req.destroy();
		}
	});
	req.on('end', () => {
		if (size > MAX_BODY) return;
		const token = mailTokenSchema.safeParse(url.searchParams.get('token'));
		if (!token.success) {
			answer(400, 'Lien de désabonnement invalide.');
			return;
		}
		unsubscribe(ctx, token.data, 'all').then(
			(result) =>
				result.ok
					? answer(200, 'Vous ne recevrez plus ces e-mails.')
					: answer(400, 'Lien de désabonnement invalide.'),
			(error: unknown) => {
				ctx.logger.error('one-click unsubscribe failed', { error: String(error) });
				answer(500, 'Une erreur est survenue. Réessayez dans un instant.');
			}
		);
	});
	return true;
}
