/**
 * The status a page answers with when its e-mail link cannot be used: the page still explains
 * why, but a crawler, a mail scanner or a script sees a refusal, not a success.
 */
export function linkProblemStatus(problem: string): number {
	return problem === 'expired' || problem === 'used' || problem === 'gone' ? 410 : 400;
}
