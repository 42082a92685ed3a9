/**
 * R90 impartiality: an inspector may not hold, on the visit date or in the
 * months before it (the tilsynsramme's lookback, default 12), the role of
 * leader, next-layer leader or board contact of the visited unit, nor (by
 * default, configurable) be its chef. Checked when an inspector is assigned
 * and again at completion. Pure.
 */
import type { LocalDate } from '../domain';
import { addMonths, compareLocalDate } from '../calendar/local-date';
import { tilsynsrammeInForce, type ImpartialityRole, type TilsynsrammeVersion, TILSYNSRAMME_VERSIONS } from './tilsynsramme';

/** A period in which a person held a role at the visited unit or enhed. */
export interface ImpartialityTie {
  readonly personId: string;
  readonly role: ImpartialityRole;
  readonly validFrom: LocalDate;
  /** Inclusive; null while it lasts. */
  readonly validTo: LocalDate | null;
}

/** The ties of the rule in force on `visitDate` that `personId` held within the lookback window before it. */
export function impartialityConflicts(
  personId: string,
  visitDate: LocalDate,
  ties: readonly ImpartialityTie[],
  versions: readonly TilsynsrammeVersion[] = TILSYNSRAMME_VERSIONS,
): ImpartialityTie[] {
  const rule = tilsynsrammeInForce(visitDate, versions).impartiality;
  const windowStart = addMonths(visitDate, -rule.lookbackMonths);
  const tied = new Set<ImpartialityRole>(rule.tiedRoles);
  if (rule.chefIsTied) tied.add('chef');
  return ties.filter(
    (t) =>
      t.personId === personId &&
      tied.has(t.role) &&
      compareLocalDate(t.validFrom, visitDate) <= 0 &&
      (t.validTo === null || compareLocalDate(t.validTo, windowStart) >= 0),
  );
}

const ROLE_LABEL: Record<ImpartialityRole, string> = {
  chef: 'chef for enheden',
  leader: 'leder af enheden',
  subLeader: 'næste ledelseslag i enheden',
  nextLayerLeader: 'næste ledelseslag på stedet',
  board: 'bestyrelseskontakt for enheden',
};

/** Danish, for the 422 R90 message. */
export function describeConflict(tie: ImpartialityTie): string {
  return `${ROLE_LABEL[tie.role]} fra ${tie.validFrom}${tie.validTo ? ` til ${tie.validTo}` : ''}`;
}
