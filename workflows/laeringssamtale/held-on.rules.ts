/**
 * R31: when a samtale or a 1:1 follow-up may be recorded as held. Within its
 * window: not before it opens, not in the future; after the due date is
 * allowed and reported late. Samtale n is never held before samtale n−1 (nor
 * after a samtale n+1 already held), in open and closed loops alike. Only an
 * administrator may accept an exception, with a reason (R75).
 */
import type { LocalDate, RuleViolation } from '../domain';

/** The kinds R31 governs. */
export const HELD_IN_WINDOW_KINDS: readonly string[] = ['laeringssamtale', 'ledelsesopfoelgning', 'ekstra'];

export interface HeldOnContext {
  kind: string;
  sequence: number;
  opensOn: LocalDate;
  dueOn: LocalDate;
  today: LocalDate;
  /** Samtaler only: the previous samtale of the same loop (absent for samtale 1). */
  previousSamtale?: { state: string; heldOn: LocalDate | null } | null;
  /** Samtaler only: the next samtale of the same loop, when it is already held (a reopened samtale). */
  nextSamtaleHeldOn?: LocalDate | null;
}

export function checkHeldOn(heldOn: LocalDate, ctx: HeldOnContext): RuleViolation[] {
  if (!HELD_IN_WINDOW_KINDS.includes(ctx.kind)) return [];
  const what = ctx.kind === 'laeringssamtale' ? `Læringssamtale ${ctx.sequence}` : `Ledelsesopfølgning ${ctx.sequence}`;
  const violations: RuleViolation[] = [];
  if (heldOn > ctx.today) violations.push({ rule: 'R31', message: `${what} kan ikke registreres som holdt ${heldOn}; datoen ligger efter i dag (${ctx.today})` });
  if (heldOn < ctx.opensOn) {
    violations.push({ rule: 'R31', message: `${what} kan ikke være holdt ${heldOn}, før dens vindue åbner (${ctx.opensOn}–${ctx.dueOn})` });
  }
  if (ctx.kind === 'laeringssamtale') {
    const previous = ctx.previousSamtale;
    if (previous) {
      if (previous.state === 'completed' && previous.heldOn && heldOn < previous.heldOn) {
        violations.push({ rule: 'R31', message: `${what} kan ikke være holdt ${heldOn}, før læringssamtale ${ctx.sequence - 1} (holdt ${previous.heldOn})` });
      } else if (!['completed', 'cancelled', 'waived'].includes(previous.state)) {
        violations.push({ rule: 'R31', message: `Læringssamtale ${ctx.sequence - 1} skal bekræftes, før læringssamtale ${ctx.sequence} kan bekræftes` });
      }
    }
    if (ctx.nextSamtaleHeldOn && heldOn > ctx.nextSamtaleHeldOn) {
      violations.push({ rule: 'R31', message: `${what} kan ikke være holdt ${heldOn}, efter læringssamtale ${ctx.sequence + 1} (holdt ${ctx.nextSamtaleHeldOn})` });
    }
  }
  return violations;
}
