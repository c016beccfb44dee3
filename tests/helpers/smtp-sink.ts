import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
	/** The message exactly as it came over the wire. */
	raw: string;
	/** The header block, unfolded: one header per line, as sent. */
	headerLines: string[];
	envelopeTo: string[];
	parsed: ParsedMail;
	subject: string;
	text: string;
	html: string;
}

/** What the sink answers at the end of DATA for the n-th message it is offered (from 1). */
export type SinkAnswer = 'accept' | 'hang' | { code: number; message: string };

export interface SmtpSink {
	url: string;
	port: number;
	/** Messages accepted (250), in order. */
	mails: ReceivedMail[];
	/** How many DATA transfers were offered, accepted or not. */
	offered(): number;
	answer: (n: number, recipients: string[]) => SinkAnswer;
	waitForMail(match?: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
	waitForOffers(count: number, timeoutMs?: number): Promise<void>;
	close(): Promise<void>;
}

function unfoldHeaders(raw: string): string[] {
	const end = raw.search(/\r?\n\r?\n/);
	const block = end === -1 ? raw : raw.slice(0, end);
	return block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
}

/** A real SMTP server on a free local port that keeps what it accepts, for tests. */
export async function startSmtpSink(
	answer: SmtpSink['answer'] = () => 'accept'
): Promise<SmtpSink> {
	const mails: ReceivedMail[] = [];
	let offers = 0;
	const waiters = new Set<() => void>();
	const hanging: ((err?: Error | null) => void)[] = [];
	const notify = () => {
		for (const w of [...waiters]) w();
	};

	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				offers++;
				const decision = sink.answer(
					offers,
					session.envelope.rcptTo.map((r) => r.address)
				);
				notify();
				if (decision === 'hang') {
					hanging.push(callback);
					return;
				}
				if (decision !== 'accept') {
					const error = new Error(decision.message) as Error & { responseCode: number };
					error.responseCode = decision.code;
					callback(error);
					return;
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				simpleParser(raw).then(
					(parsed) => {
						mails.push({
							raw,
							headerLines: unfoldHeaders(raw),
							envelopeTo: session.envelope.rcptTo.map((r) => r.address),
							parsed,
							subject: parsed.subject ?? '',
							text: parsed.text ?? '',
							html: typeof parsed.html === 'string' ? parsed.html : ''
						});
						callback();
						notify();
					},
					(err: Error) => callback(err)
				);
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as AddressInfo).port;

	const waitUntil = (done: () => boolean, what: string, timeoutMs: number) =>
		new Promise<void>((resolve, reject) => {
			if (done()) return resolve();
			const check = () => {
				if (!done()) return;
				clearTimeout(timer);
				waiters.delete(check);
				resolve();
			};
			const timer = setTimeout(() => {
				waiters.delete(check);
				reject(new Error(`smtp sink: ${what} did not happen within ${timeoutMs} ms`));
			}, timeoutMs);
			waiters.add(check);
		});

	const sink: SmtpSink = {
		url: `smtp://127.0.0.1:${port}`,
		port,
		mails,
		offered: () => offers,
		answer,
		async waitForMail(match = () => true, timeoutMs = 20_000) {
			await waitUntil(() => mails.some(match), 'a matching mail', timeoutMs);
			return mails.find(match) as ReceivedMail;
		},
		async waitForOffers(count, timeoutMs = 20_000) {
			await waitUntil(() => offers >= count, `${count} offers`, timeoutMs);
		},
		async close() {
			for (const cb of hanging) cb(new Error('closing'));
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
	return sink;
}

/** The links of a mail's HTML part, by their visible label. */
export function linksOf(mail: ReceivedMail): { label: string; href: string }[] {
	const out: { label: string; href: string }[] = [];
	const re = /<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g;
	for (const m of mail.html.matchAll(re)) {
		out.push({ href: m[1].replace(/&amp;/g, '&'), label: m[2].replace(/&#39;/g, '’') });
	}
	return out;
}

export function headerValue(mail: ReceivedMail, name: string): string | undefined {
	const prefix = `${name.toLowerCase()}:`;
	const line = mail.headerLines.find((l) => l.toLowerCase().startsWith(prefix));
	return line?.slice(prefix.length).trim();
}
