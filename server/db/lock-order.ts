/**
 * Transactions that lock rows of several articles (a reaction batch, a ban rejecting all of a
 * commenter's comments) take them in this order of their keys, so that on PostgreSQL neither
 * waits for the other in a cycle. Plain code-unit order, the same on every machine.
 */
export function compareKeys(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
