// Plain values shared by client and server. No zod here: the browser bundle imports this file.

export const EMOJIS = ['👍', '❤️', '😂', '🤔', '😮'] as const;
export type Emoji = (typeof EMOJIS)[number];

/**
 * Bidi embeddings, overrides, isolates and marks: each can make the text after it read
 * backwards (`…/\u202egpj.exe` shows as `…/exe.jpg`). Comments never keep them.
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export const SORTS = ['oldest', 'newest', 'reactions'] as const;
export type Sort = (typeof SORTS)[number];

export const LIMITS = {
	nameMax: 80,
	bodyMax: 5000,
	emailMax: 254,
	websiteMax: 300,
	maxDepth: 5,
	editWindowMs: 15 * 60 * 1000,
	threadsPerPage: 50,
	/** Threads on the article page as first served: it is sent whole to every reader. */
	firstPageThreads: 10,
	maxPayloadBytes: 64 * 1024
} as const;
