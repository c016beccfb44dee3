import { escapeHtml } from '../../security/escape-html.ts';
/** Shared look of every mail: the site's colours, system fonts, no remote image, no script. */
export const COLORS = {
	page: '#f5f3ee',
	card: '#ffffff',
	ink: '#1f1d1a',
	muted: '#6b665e',
	line: '#e4e0d8',
	accent: '#8a3b12',
	danger: '#9f1d1d',
	quote: '#f7f5f0'
};

const FONT = "Georgia, 'Times New Roman', serif";
const SANS = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export { escapeHtml };

/** A subject or header value on one line, whatever the user typed. */
export function oneLine(value: string, max = 120): string {
	const flat = value.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Comment text as typed: escaped, line breaks kept. */
export function bodyHtml(body: string): string {
	return escapeHtml(body).replace(/\r?\n/g, '<br>');
}

export function quoteText(body: string): string {
	return body
		.split(/\r?\n/)
		.map((line) => `> ${line}`)
		.join('\n');
}

export function quoteBlock(innerHtml: string): string {
	return `<div style="margin:12px 0;padding:12px 16px;background:${COLORS.quote};border-left:3px solid ${COLORS.line};font-family:${FONT};font-size:16px;line-height:1.5;color:${COLORS.ink};">${innerHtml}</div>`;
}

export function button(label: string, href: string, color = COLORS.accent): string {
	return `<a href="${escapeHtml(href)}" style="display:inline-block;margin:4px 8px 4px 0;padding:10px 16px;border-radius:6px;background:${color};color:#ffffff;text-decoration:none;font-family:${SANS};font-size:14px;font-weight:600;">${escapeHtml(label)}</a>`;
}

export function link(label: string, href: string): string {
	return `<a href="${escapeHtml(href)}" style="color:${COLORS.accent};">${escapeHtml(label)}</a>`;
}

export function paragraph(innerHtml: string): string {
	return `<p style="margin:0 0 14px;font-family:${SANS};font-size:15px;line-height:1.55;color:${COLORS.ink};">${innerHtml}</p>`;
}

export function small(innerHtml: string): string {
	return `<p style="margin:0 0 8px;font-family:${SANS};font-size:13px;line-height:1.5;color:${COLORS.muted};">${innerHtml}</p>`;
}

export function separator(): string {
	return `<hr style="border:none;border-top:1px solid ${COLORS.line};margin:24px 0;">`;
}

/** The whole HTML document around a mail's content. */
export function renderLayout(parts: { title: string; content: string; footer: string }): string {
	return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(parts.title)}</title>
</head>
<body style="margin:0;padding:0;background:${COLORS.page};">
<div style="max-width:600px;margin:0 auto;padding:24px 16px;">
<div style="font-family:${FONT};font-size:22px;font-weight:bold;color:${COLORS.accent};margin:0 0 16px;">Fil</div>
<div style="background:${COLORS.card};border:1px solid ${COLORS.line};border-radius:8px;padding:24px;">
<h1 style="margin:0 0 16px;font-family:${FONT};font-size:22px;line-height:1.3;color:${COLORS.ink};">${escapeHtml(parts.title)}</h1>
${parts.content}
</div>
<div style="padding:16px 4px;">${parts.footer}</div>
</div>
</body>
</html>`;
}

export function renderText(parts: { title: string; content: string; footer: string }): string {
	return `Fil — ${parts.title}\n\n${parts.content.trim()}\n\n-- \n${parts.footer.trim()}\n`;
}
