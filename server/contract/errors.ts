/** Every error the server can answer with. The UI shows `message`; code is for programs. */
export const ERROR_MESSAGES = {
	VALIDATION_FAILED: 'Certains champs ne sont pas valides.',
	PAYLOAD_TOO_LARGE: 'Le message envoyé est trop volumineux.',
	NOT_FOUND: 'Ce contenu est introuvable.',
	UNAUTHORIZED: 'Vous devez être connecté·e.',
	FORBIDDEN: 'Vous n’avez pas le droit de faire cela.',
	SESSION_REQUIRED: 'Votre navigateur doit accepter les cookies pour participer.',
	RATE_LIMITED: 'Trop de messages — réessayez dans quelques secondes.',
	THREAD_CLOSED: 'Les commentaires sont fermés.',
	EDIT_WINDOW_OVER: 'Le délai de 15 minutes pour modifier ou supprimer ce commentaire est passé.',
	DUPLICATE: 'Vous avez déjà publié ce commentaire.',
	BANNED: 'Vous ne pouvez plus commenter sur ce site.',
	REJECTED: 'Ce commentaire ne peut pas être publié.',
	BAD_CREDENTIALS: 'Adresse e-mail ou mot de passe incorrect.',
	UNAVAILABLE: 'Le service est momentanément indisponible. Réessayez dans un instant.',
	INTERNAL: 'Une erreur est survenue. Réessayez dans un instant.'
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

export type FieldErrors = Record<string, string>;

export interface ErrorPayload {
	code: ErrorCode;
	message: string;
	fields?: FieldErrors;
	retryAfterMs?: number;
}

export function formatRetryMessage(retryAfterMs: number): string {
	const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
	return `Trop de messages — réessayez dans ${seconds} s`;
}

export function buildErrorPayload(
	code: ErrorCode,
	extra: { fields?: FieldErrors; retryAfterMs?: number; message?: string } = {}
): ErrorPayload {
	const message =
		extra.message ??
		(code === 'RATE_LIMITED' && extra.retryAfterMs !== undefined
			? formatRetryMessage(extra.retryAfterMs)
			: ERROR_MESSAGES[code]);
	const payload: ErrorPayload = { code, message };
	if (extra.fields && Object.keys(extra.fields).length > 0) payload.fields = extra.fields;
	if (extra.retryAfterMs !== undefined) payload.retryAfterMs = Math.ceil(extra.retryAfterMs);
	return payload;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };
