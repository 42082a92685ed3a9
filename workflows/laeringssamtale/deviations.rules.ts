/**
 * R75: what happened can always be recorded. Given everything a confirmation
 * breaks, decide what refuses it and what is recorded as a deviation:
 * - participation requirements (R27, R28) are deviations, recorded with the
 *   reason the confirmation gives (`deviationReason`), and flagged by the audit;
 * - an R31 exception (held outside the window or out of order) is accepted
 *   only from an administrator, with a reason (`exceptionReason`);
 * - everything else (content R22–R26, R32; preconditions R41) refuses.
 */
import type { RuleViolation } from '../domain';
import { PARTICIPATION_RULES } from './completion.rules';

export interface Deviation {
  rule: string;
  message: string;
  reason: string;
  /** R31 exceptions: accepted by an administrator. */
  acceptedByAdmin?: boolean;
}

export interface Settlement {
  /** The refusal (first violation in rule order names the rule), or null when the confirmation may be recorded. */
  refusal: { rule: string; message: string; violations: RuleViolation[] } | null;
  deviations: Deviation[];
}

export function settleConfirmation(input: {
  /** Violations of the content and participation rules (checkSamtaleConfirmation). */
  violations: readonly RuleViolation[];
  /** R31 violations of the held date that an admin may accept. */
  heldOnViolations: readonly RuleViolation[];
  admin: boolean;
  deviationReason?: string;
  exceptionReason?: string;
}): Settlement {
  const deviationReason = input.deviationReason?.trim() ?? '';
  const exceptionReason = input.exceptionReason?.trim() ?? '';
  const participation = input.violations.filter((v) => PARTICIPATION_RULES.includes(v.rule));
  const refusing: RuleViolation[] = input.violations.filter((v) => !PARTICIPATION_RULES.includes(v.rule));
  const deviations: Deviation[] = [];

  if (input.heldOnViolations.length > 0) {
    if (exceptionReason === '') refusing.push(...input.heldOnViolations);
    else if (!input.admin) {
      refusing.push({ rule: 'R75', message: 'Kun en administrator kan godkende en undtagelse fra R31 (exceptionReason)' });
    } else {
      deviations.push(...input.heldOnViolations.map((v) => ({ ...v, reason: exceptionReason, acceptedByAdmin: true })));
    }
  }
  if (participation.length > 0) {
    if (deviationReason === '') {
      refusing.push({
        rule: 'R75',
        message:
          'Læringssamtalen registreres som en afvigelse fra deltagerkravet; angiv begrundelsen i deviationReason: ' +
          participation.map((v) => `${v.rule}: ${v.message}`).join('; '),
      });
      refusing.push(...participation);
    } else {
      deviations.push(...participation.map((v) => ({ ...v, reason: deviationReason })));
    }
  }
  if (refusing.length === 0) return { refusal: null, deviations };
  const ordered = [...refusing].sort((a, b) => Number(a.rule.slice(1)) - Number(b.rule.slice(1)));
  // A missing reason is only the answer when nothing else refuses.
  const first = ordered.find((v) => v.rule !== 'R75' && !PARTICIPATION_RULES.includes(v.rule)) ?? ordered.find((v) => v.rule === 'R75') ?? ordered[0]!;
  return { refusal: { rule: first.rule, message: first.message, violations: ordered }, deviations };
}
