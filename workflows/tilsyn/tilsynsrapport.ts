/**
 * R93: a tilsynsrapport is published for every enhed at least every second
 * year (dagtilbudsloven § 5). Pure date rules.
 */
import type { LocalDate } from '../domain';
import { addYears } from '../calendar/local-date';
import { TILSYNSRAMME_VERSIONS } from './tilsynsramme';

/**
 * R74/R93: the statutory duties exist from the law's entry into force (dagtilbudsloven §§ 5–5 b, 1 January 2022;
 * the first tilsynsramme): nothing is owed for, or flagged in, the time before it.
 */
export const TILSYN_LAW_IN_FORCE_FROM: LocalDate = TILSYNSRAMME_VERSIONS[0]!.effectiveFrom;

/** Years between two publications (R93; a tilsynsramme number, R97). */
export const TILSYNSRAPPORT_YEARS = 2;

/**
 * The next report is due on the last publication + 2 years, or the enhed's opening + 2 years — an enhed opened before
 * the law took effect counts from then (TILSYN_LAW_IN_FORCE_FROM), so no report is owed for the years before it.
 */
export function nextTilsynsrapportDueOn(lastPublishedOn: LocalDate | null, enhedOpenedOn: LocalDate, years = TILSYNSRAPPORT_YEARS): LocalDate {
  return addYears(lastPublishedOn ?? (enhedOpenedOn > TILSYN_LAW_IN_FORCE_FROM ? enhedOpenedOn : TILSYN_LAW_IN_FORCE_FROM), years);
}

/** R93: the audit flags an enhed past its due date. */
export function tilsynsrapportOverdue(lastPublishedOn: LocalDate | null, enhedOpenedOn: LocalDate, today: LocalDate): boolean {
  return today > nextTilsynsrapportDueOn(lastPublishedOn, enhedOpenedOn);
}
