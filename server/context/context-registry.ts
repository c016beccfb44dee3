import type { AppContext } from './app-context.ts';

// SvelteKit's bundle holds its own copy of this module, so the context is handed over through
// a well-known global symbol instead of a module variable.
const KEY = Symbol.for('fil.app-context');
type Holder = { [KEY]?: AppContext };

export function setAppContext(ctx: AppContext | undefined): void {
	(globalThis as Holder)[KEY] = ctx;
}

export function getAppContext(): AppContext {
	const ctx = (globalThis as Holder)[KEY];
	if (!ctx) throw new Error('Fil: application context not started');
	return ctx;
}
