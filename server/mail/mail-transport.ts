import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';

export interface OutgoingMail {
	outboxId: number;
	kind: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	messageId: string;
	headers: Record<string, string>;
}

export interface MailTransport {
	/** Resolves once the message is accepted (by the SMTP server, or written to disk). */
	send(mail: OutgoingMail): Promise<void>;
	close(): void;
}

/** A refusal worth retrying (4xx, network) or not (5xx: the server will never take it). */
export class SendError extends Error {
	constructor(
		message: string,
		readonly permanent: boolean
	) {
		super(message);
	}
}

function toMessage(config: Config, mail: OutgoingMail) {
	return {
		from: config.MAIL_FROM,
		to: mail.to,
		subject: mail.subject,
		text: mail.text,
		html: mail.html,
		messageId: mail.messageId,
		headers: mail.headers
	};
}

/** SMTP from SMTP_URL; without it, each message becomes an .eml file under DATA_DIR/outbox. */
export function createMailTransport(config: Config, logger: Logger): MailTransport {
	if (!config.SMTP_URL) return createFileTransport(config, logger);
	const transporter = nodemailer.createTransport({
		url: config.SMTP_URL,
		connectionTimeout: 30_000,
		greetingTimeout: 30_000,
		// Below the claim's lease, so a hung server cannot let another instance send it too.
		socketTimeout: Math.min(60_000, (config.MAIL_LEASE_SECONDS * 1000) / 2)
	});
	return {
		async send(mail) {
			try {
				await transporter.sendMail(toMessage(config, mail));
			} catch (error) {
				const code = (error as { responseCode?: number }).responseCode;
				const summary = code ? `SMTP ${code}` : (error as { code?: string }).code;
				throw new SendError(summary ?? 'SMTP error', code !== undefined && code >= 500);
			}
		},
		close: () => transporter.close()
	};
}

function createFileTransport(config: Config, logger: Logger): MailTransport {
	const dir = join(config.DATA_DIR, 'outbox');
	const streamer = nodemailer.createTransport({ streamTransport: true, buffer: true });
	return {
		async send(mail) {
			const info = await streamer.sendMail(toMessage(config, mail));
			await mkdir(dir, { recursive: true });
			await writeFile(join(dir, `${mail.outboxId}-${mail.kind}.eml`), info.message as Buffer);
			logger.info(`mail written to ${dir} (no SMTP_URL)`, {
				kind: mail.kind,
				outboxId: mail.outboxId
			});
		},
		close: () => streamer.close()
	};
}
