/**
 * R93: a tilsynsrapport is published for every enhed at least every second
 * year (dagtilbudsloven § 5). Pure date rules.
 */
import type { LocalDate } from '../domain';
import { addYears } from '../calendar/local-date';

/** Years between two publications (R93; a tilsynsramme number, R97). */
export const TILSYNSRAPPORT_YEARS = 2;

/** The next report is due on the last publication + 2 years, or the enhed's opening + 2 years. */
export function nextTilsynsrapportDueOn(lastPublishedOn: LocalDate | null, enhedOpenedOn: LocalDate, years = TILSYNSRAPPORT_YEARS): LocalDate {
  return addYears(lastPublishedOn ?? enhedOpenedOn, years);
}

/** R93: the audit flags an enhed past its due date. */
export function tilsynsrapportOverdue(lastPublishedOn: LocalDate | null, enhedOpenedOn: LocalDate, today: LocalDate): boolean {
  return today > nextTilsynsrapportDueOn(lastPublishedOn, enhedOpenedOn);
}
