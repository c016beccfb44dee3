/** Moderation names and labels, free of zod so that browser code can import them. */
export const MODERATION_ACTIONS = ['approve', 'reject', 'spam', 'delete', 'pin', 'unpin'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const REPORT_REASONS = {
	spam: 'Indésirable ou publicité',
	abuse: 'Insultant ou haineux',
	off_topic: 'Hors sujet',
	other: 'Autre raison'
} as const;
export type ReportReason = keyof typeof REPORT_REASONS;

export const QUEUES = {
	attente: 'En attente',
	signales: 'Signalés',
	tous: 'Tous',
	indesirables: 'Indésirables',
	rejetes: 'Rejetés'
} as const;
export type QueueName = keyof typeof QUEUES;
export const QUEUE_NAMES = Object.keys(QUEUES) as [QueueName, ...QueueName[]];

export const PASSWORD_MIN = 10;

export const PRE_MODERATION = {
	none: 'Aucune : les commentaires paraissent aussitôt',
	first: 'Premiers commentaires : jusqu’au premier commentaire approuvé',
	all: 'Tous les commentaires'
} as const;
export type PreModeration = keyof typeof PRE_MODERATION;

export type HeldReason = 'all' | 'first' | 'suspect' | 'links' | 'reports';
export const HELD_REASONS: Record<HeldReason, string> = {
	all: 'tous les commentaires sont modérés',
	first: 'premier commentaire',
	suspect: 'mot suspect',
	links: 'trop de liens',
	reports: 'signalé par des lecteurs'
};
