/**
 * R53: the chef or the leader records an extra 1:1 follow-up beyond the
 * generated ones (R50 "may add more"): an `ekstra` obligation, created when it
 * is recorded and completed at once, that counts toward R52. It is the one
 * obligation made by hand (R70). Held on a day that has happened (R31), within
 * the loop it belongs to.
 */
import type { LocalDate, RuleViolation } from '../domain';
import type { PlannedObligation } from './obligation-plan';

export const EKSTRA_KIND = 'ekstra' as const;

export function checkEkstra(input: { heldOn: LocalDate; today: LocalDate; loopStart: LocalDate | null }): RuleViolation | null {
  if (input.heldOn > input.today) {
    return { rule: 'R31', message: `En ekstra ledelsesopfølgning registreres, når den er holdt; ${input.heldOn} ligger efter i dag (${input.today})` };
  }
  if (input.loopStart === null) {
    return { rule: 'R53', message: `Enheden havde intet læringsloop ${input.heldOn}; en ekstra ledelsesopfølgning hører til et loop` };
  }
  return null;
}

/** The obligation an extra follow-up becomes: its window is the day it was held. */
export function planEkstra(heldOn: LocalDate, sequence: number): PlannedObligation {
  return { kind: EKSTRA_KIND, sequence, subjectKey: '', opensOn: heldOn, dueOn: heldOn, responsibleRole: 'chef' };
}
