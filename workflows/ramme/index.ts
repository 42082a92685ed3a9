/**
 * The registry of framework versions (R73). A loop records the id of the
 * version in force on its start date and keeps it for its whole life, so
 * adding a version never changes a running loop.
 */
import type { LocalDate } from '../domain';
import { addYears, assertLocalDate, compareLocalDate, localDate } from '../calendar/local-date';
import { AARHUS_2021 } from './aarhus-2021';
import type { RammeVersion } from './ramme.types';
import { validateRamme } from './validate-ramme';

export type {
  HalfYear,
  MonthDay,
  MonthDayWindow,
  RammeVersion,
  RecurrenceText,
  RecurringObligationRule,
} from './ramme.types';
export { AARHUS_2021 } from './aarhus-2021';
export { defineRamme, deriveRamme } from './define-ramme';
export { validateRamme } from './validate-ramme';

/**
 * Throws unless the versions are valid, have distinct ids and distinct
 * effective dates (two versions from the same day would make the version in
 * force depend on list order).
 */
export function assertRammeVersions(versions: readonly RammeVersion[]): void {
  const problems = versions.flatMap(validateRamme);
  const ids = new Set<string>();
  const dates = new Set<string>();
  for (const v of versions) {
    if (ids.has(v.id)) problems.push(`duplicate ramme id ${v.id}`);
    if (dates.has(v.effectiveFrom)) problems.push(`two ramme versions take effect on ${v.effectiveFrom}`);
    ids.add(v.id);
    dates.add(v.effectiveFrom);
  }
  if (problems.length > 0) throw new Error(`invalid ramme versions:\n${problems.join('\n')}`);
}

function sortedVersions(versions: readonly RammeVersion[]): readonly RammeVersion[] {
  assertRammeVersions(versions);
  return Object.freeze([...versions].sort((a, b) => compareLocalDate(a.effectiveFrom, b.effectiveFrom)));
}

/** Every version, oldest first. Add a new version here; never edit one a loop has started under. */
export const RAMME_VERSIONS: readonly RammeVersion[] = sortedVersions([AARHUS_2021]);

/** R73: the latest version with effectiveFrom <= date. */
export function rammeInForce(date: LocalDate, versions: readonly RammeVersion[] = RAMME_VERSIONS): RammeVersion {
  assertLocalDate(date);
  let found: RammeVersion | undefined;
  for (const v of versions) {
    if (compareLocalDate(v.effectiveFrom, date) <= 0 && (!found || compareLocalDate(v.effectiveFrom, found.effectiveFrom) > 0)) {
      found = v;
    }
  }
  if (!found) throw new RangeError(`no ramme version is in force on ${date}`);
  return found;
}

/** The version a loop recorded; an unknown id is corrupt data, so it throws. */
export function rammeById(id: string, versions: readonly RammeVersion[] = RAMME_VERSIONS): RammeVersion {
  const found = versions.find((v) => v.id === id);
  if (!found) throw new RangeError(`unknown ramme version ${JSON.stringify(id)}`);
  return found;
}

/**
 * R13/R30: the expected treatment date of the next report of the same age
 * area: the same month and day `loopYears` later (29 February → 28 February).
 */
export function expectedTreatmentDate(startDate: LocalDate, ramme: RammeVersion = rammeInForce(startDate)): LocalDate {
  return addYears(startDate, ramme.loopYears);
}

/**
 * R13: a stand-in for a treatment in `year` whose date is not yet known. The
 * first of the default month, so that anything planned back from it (R30's
 * loopopsamling) falls due no later than it would for any real date that month.
 */
export function provisionalTreatmentDate(year: number, ramme: RammeVersion): LocalDate {
  return localDate(year, ramme.defaultTreatmentMonth, 1);
}
