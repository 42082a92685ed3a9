/**
 * R32: samtaler 2–n record what became of the previous samtale's agreements:
 * each one `gennemfoert`, `i_gang` or `opgivet`, with a note (002 ≈
 * l.1048–1054, 1089–1091). Confirming samtale n ≥ 2 requires a status for
 * every agreement of samtale n−1 (when n−1 was held), and no other.
 */
import type { RuleViolation } from '../domain';
import { hasText } from '../machine-support';

export const AGREEMENT_STATUSES = ['gennemfoert', 'i_gang', 'opgivet'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export interface AgreementFollowUp {
  agreement: string;
  status: AgreementStatus;
  note: string;
}

export function checkAgreementFollowUp(
  sequence: number,
  previousAgreements: readonly string[] | null,
  followUp: readonly AgreementFollowUp[],
): RuleViolation[] {
  if (sequence < 2 || previousAgreements === null) return [];
  const violations: RuleViolation[] = [];
  const previous = previousAgreements.map((a) => a.trim()).filter((a) => a !== '');
  const given = new Map<string, AgreementFollowUp[]>();
  for (const f of followUp) {
    const key = (f.agreement ?? '').trim();
    given.set(key, [...(given.get(key) ?? []), f]);
  }
  for (const agreement of previous) {
    const entries = given.get(agreement) ?? [];
    if (entries.length === 0) {
      violations.push({ rule: 'R32', message: `Angiv status (gennemført, i gang eller opgivet) for aftalen fra læringssamtale ${sequence - 1}: "${agreement}"` });
    } else if (entries.length > 1) {
      violations.push({ rule: 'R32', message: `Aftalen "${agreement}" har mere end én status` });
    } else if (!hasText(entries[0]!.note)) {
      violations.push({ rule: 'R32', message: `Status for aftalen "${agreement}" mangler en note` });
    }
  }
  for (const key of given.keys()) {
    if (!previous.includes(key)) violations.push({ rule: 'R32', message: `"${key}" er ikke en aftale fra læringssamtale ${sequence - 1}` });
  }
  for (const f of followUp) {
    if (!(AGREEMENT_STATUSES as readonly string[]).includes(f.status)) {
      violations.push({ rule: 'R32', message: `Ukendt status "${String(f.status)}"; brug gennemfoert, i_gang eller opgivet` });
    }
  }
  return violations;
}
