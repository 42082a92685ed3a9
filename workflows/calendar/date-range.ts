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
  const problem = dateProblem(value);
  if (problem === null) return null;
  if (problem.kind === 'missing') return 'datoen mangler';
  if (problem.kind === 'format') return `"${value}" er ikke en dato på formen ÅÅÅÅ-MM-DD`;
  if (problem.kind === 'nonexistent') return problem.text;
  return `"${value}" ${problem.text}`;
}

const MONTH_NAMES = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/**
 * Why a date field's value is not a service date, as one of three kinds a
 * person needs told apart: nothing was given (`missing`: undefined, null or
 * blank), it is not written `YYYY-MM-DD` (`format`), or it is written so but
 * names no real day in 1900–2999 (`nonexistent`, `range`). `text` is the
 * Danish predicate to put after the field's name ("mangler"), or for
 * `nonexistent` a sentence of its own ("30. februar 2026 findes ikke (februar
 * 2026 har 28 dage)"); null when the value is fine.
 * The one definition behind the API's DTOs (IsLocalDate) and so the pages.
 */
export function dateProblem(value: unknown): { kind: 'missing' | 'format' | 'nonexistent' | 'range'; text: string } | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return { kind: 'missing', text: 'mangler' };
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!m) return { kind: 'format', text: 'skal være en dato på formen ÅÅÅÅ-MM-DD' };
  if (!isLocalDate(value)) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (month < 1 || month > 12) return { kind: 'nonexistent', text: `${value} findes ikke (der er ingen måned ${month}; måneden skal være 01–12)` };
    if (day < 1) return { kind: 'nonexistent', text: `${value} findes ikke (der er ingen dag ${day})` };
    const days = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
    return { kind: 'nonexistent', text: `${day}. ${MONTH_NAMES[month - 1]} ${year} findes ikke (${MONTH_NAMES[month - 1]} ${year} har ${days} dage)` };
  }
  if (value < FIRST_SERVICE_DATE || value > LAST_SERVICE_DATE) return { kind: 'range', text: 'ligger uden for årene 1900–2999' };
  return null;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
