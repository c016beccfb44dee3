import { getContext, setContext } from 'svelte';
import type { ErrorPayload } from '$contract/errors';
import type { LiveThread } from '$lib/live/live-thread.svelte';

/** What a failed form action sends back (see src/lib/server/form-errors.ts). */
export interface FormResult {
	form: string;
	values: Record<string, string | boolean>;
	error: ErrorPayload;
}

export interface CommenterProfile {
	name: string;
	email: string;
	website: string;
}

/** Which inline form is open; from the URL without JavaScript, from clicks with it. */
export class OpenForms {
	replyTo = $state<number | null>(null);
	editing = $state<number | null>(null);
	deleting = $state<number | null>(null);

	constructor(url: URL, result: FormResult | null) {
		const id = (name: string) => {
			const n = Number(url.searchParams.get(name));
			return Number.isInteger(n) && n > 0 ? n : null;
		};
		this.replyTo = id('repondre');
		this.editing = id('modifier');
		this.deleting = id('supprimer');
		const target = Number(result?.values.parentId ?? result?.values.commentId);
		if (result?.form === 'comment' && target > 0) this.replyTo = target;
		if (result?.form === 'edit' && target > 0) this.editing = target;
	}

	close(): void {
		this.replyTo = this.editing = this.deleting = null;
	}
}

export interface ThreadContext {
	live: LiveThread;
	forms: OpenForms;
	slug: string;
	editWindowMs: number;
	/** `tri=…&n=…` of the page, without the leading "?". */
	readonly query: string;
	readonly result: FormResult | null;
	readonly profile: CommenterProfile | null;
	/** The signed-in author: comments without name and e-mail, reports nothing. */
	readonly isAuthor: boolean;
	readonly idempotencyKey: string;
}

const KEY = Symbol('thread');

export function setThreadContext(ctx: ThreadContext): void {
	setContext(KEY, ctx);
}

export function getThreadContext(): ThreadContext {
	return getContext<ThreadContext>(KEY);
}
