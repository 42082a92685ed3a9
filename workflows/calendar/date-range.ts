import { isLocalDate } from './local-date';
import type { LocalDate } from '../domain';

/**
 * The dates the service accepts from anywhere (configuration, the clock,
 * imports, the API). Date arithmetic, `Date` and the iCalendar writer all
 * work within these years; a date outside them would fail deep inside a
 * request instead of at the door.
 */
export const FIRST_SERVICE_DATE: LocalDate = '1900-01-01';
export const LAST_SERVICE_DATE: LocalDate = '2999-12-31';

/** A real calendar date `YYYY-MM-DD` (2021-02-30 is not) in the years 1900–2999. */
export function isServiceDate(value: unknown): value is LocalDate {
  return isLocalDate(value) && value >= FIRST_SERVICE_DATE && value <= LAST_SERVICE_DATE;
}

/** Why `value` is not a service date, in Danish, or null when it is one. */
export function serviceDateProblem(value: string): string | null {
  if (!isLocalDate(value)) return `"${value}" er ikke en dato på formen ÅÅÅÅ-MM-DD`;
  if (value < FIRST_SERVICE_DATE || value > LAST_SERVICE_DATE) return `"${value}" ligger uden for årene 1900–2999`;
  return null;
}
