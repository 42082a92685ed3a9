/**
 * R92: what confirming a visit as held requires, and what it leads to. Pure.
 */
import type { LocalDate } from '../domain';
import { compareLocalDate, isLocalDate } from '../calendar/local-date';
import { outsideWindow } from '../obligation/booking.rules';
import { VISIT_OUTCOMES, type VisitOutcome } from './tilsynsramme';

/** R92 (§ 5 a stk. 6): roles of the people the inspector talked with during the visit. */
export const VISIT_PARTICIPANT_ROLES = ['leder', 'paedagogisk_leder', 'medarbejder', 'medarbejderrepraesentant', 'bestyrelsesrepraesentant', 'andet'] as const;
export type VisitParticipantRole = (typeof VISIT_PARTICIPANT_ROLES)[number];

/** Talking with any of these is "dialogue with the leadership". */
export const LEADERSHIP_ROLES: readonly VisitParticipantRole[] = ['leder', 'paedagogisk_leder'];
/** Talking with any of these is "dialogue with the staff". */
export const STAFF_ROLES: readonly VisitParticipantRole[] = ['medarbejder', 'medarbejderrepraesentant'];

export interface VisitCompletionInput {
  heldOn: LocalDate;
  inspectorIds: string[];
  observations: string[];
  participants: { role: VisitParticipantRole; name: string }[];
  dataUsed: string[];
  outcome: VisitOutcome;
  followUpPoints: { text: string; dueOn?: LocalDate }[];
}

export interface VisitProblem {
  readonly rule: 'R92';
  /** The request field it concerns. */
  readonly field: string;
  /** Danish. */
  readonly message: string;
}

/**
 * R92: the problems that refuse a confirmation; empty when it may be recorded.
 * Shape checks (types, enums, date format) are the DTO's; these are the rule's.
 */
export function visitCompletionProblems(input: VisitCompletionInput, today: LocalDate): VisitProblem[] {
  const p: VisitProblem[] = [];
  const add = (field: string, message: string) => p.push({ rule: 'R92', field, message });
  if (!isLocalDate(input.heldOn)) add('heldOn', 'Angiv datoen for besøget.');
  else if (compareLocalDate(input.heldOn, today) > 0) add('heldOn', 'Besøget kan ikke bekræftes som afholdt på en dato i fremtiden.');
  if (input.inspectorIds.length === 0) add('inspectorIds', 'Angiv mindst én tilsynsførende.');
  if (!input.observations.some((o) => o.trim() !== '')) add('observations', 'Notér mindst én observation fra besøget (dagtilbudsloven § 5 a, stk. 5).');
  const roles = new Set(input.participants.filter((x) => x.name.trim() !== '').map((x) => x.role));
  if (!LEADERSHIP_ROLES.some((r) => roles.has(r))) add('participants', 'Angiv dialogen med ledelsen under besøget (dagtilbudsloven § 5 a, stk. 6).');
  if (!STAFF_ROLES.some((r) => roles.has(r))) add('participants', 'Angiv dialogen med medarbejderne under besøget (dagtilbudsloven § 5 a, stk. 6).');
  if (!input.dataUsed.some((d) => d.trim() !== '')) add('dataUsed', 'Angiv de data, tilsynet har brugt (dagtilbudsloven § 5 a, stk. 4).');
  if (!(VISIT_OUTCOMES as readonly string[]).includes(input.outcome)) add('outcome', 'Vælg tilsynets konklusion.');
  if (input.outcome === 'opfoelgningspunkter' && !input.followUpPoints.some((f) => f.text.trim() !== '')) {
    add('followUpPoints', 'Konklusionen "opfølgningspunkter" kræver mindst ét konkret opfølgningspunkt.');
  }
  for (const f of input.followUpPoints) {
    if (f.dueOn !== undefined && isLocalDate(input.heldOn) && isLocalDate(f.dueOn) && compareLocalDate(f.dueOn, input.heldOn) < 0) {
      add('followUpPoints', 'Et opfølgningspunkts frist kan ikke ligge før besøget.');
      break;
    }
  }
  return p;
}

/**
 * What an outcome opens beyond R92's three duties: nothing, or skærpet tilsyn
 * (R95), with a handleplan (R96) for `skaerpet_tilsyn_handleplan`. The tilsyn
 * module hands the last two to its skærpet-tilsyn hook.
 */
export function outcomeConsequence(outcome: VisitOutcome): { skaerpetTilsyn: boolean; handleplan: boolean } {
  return { skaerpetTilsyn: outcome === 'skaerpet_tilsyn' || outcome === 'skaerpet_tilsyn_handleplan', handleplan: outcome === 'skaerpet_tilsyn_handleplan' };
}

/**
 * R90/R97: a visit is planned within its window (opens … due, both
 * inclusive, calendar dates). Booking outside it is allowed — the rulebook
 * does not refuse it (a visit may have to move) — but the page warns, so the
 * returned side says which edge was crossed: 'before' the window opens,
 * 'after' its due date, or null inside it.
 */
export function outsideVisitWindow(date: LocalDate, opensOn: LocalDate, dueOn: LocalDate): 'before' | 'after' | null {
  return outsideWindow(date, opensOn, dueOn);
}
