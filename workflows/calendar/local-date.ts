/**
 * Pure arithmetic on calendar dates (R72: dates are calendar dates in
 * Europe/Copenhagen, `YYYY-MM-DD`). A LocalDate carries no time and no zone,
 * so none of these functions depends on the process's time zone: they do
 * their arithmetic on UTC-midnight Dates, which have no DST gaps.
 */
import type { LocalDate } from '../domain';

export type { LocalDate };

/** 'MM-DD': a day of the year, as the framework's configured windows use it. */
export type MonthDay = string;

export interface LocalDateParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY_PATTERN = /^(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

const COPENHAGEN = 'Europe/Copenhagen';
// Built once: constructing an Intl formatter is far costlier than formatting.
const copenhagenFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: COPENHAGEN,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function utcMidnight(year: number, month: number, day: number): Date {
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

function daysInMonth(year: number, month: number): number {
  return utcMidnight(year, month + 1, 0).getUTCDate();
}

/** Strict: the right shape and a day that exists (rejects 2021-02-30). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE_PATTERN.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function assertLocalDate(value: unknown, what = 'date'): asserts value is LocalDate {
  if (!isLocalDate(value)) {
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

/**
 * Strict 'MM-DD'. 02-29 is refused: a yearly window must exist in every year,
 * and silently moving it in three years out of four would surprise a reader.
 */
export function isMonthDay(value: unknown): value is MonthDay {
  if (typeof value !== 'string') return false;
  const m = MONTH_DAY_PATTERN.exec(value);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2001, month);
}

export function localDateParts(date: LocalDate): LocalDateParts {
  assertLocalDate(date);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function yearOf(date: LocalDate): number {
  return localDateParts(date).year;
}

export function monthOf(date: LocalDate): number {
  return localDateParts(date).month;
}

export function dayOf(date: LocalDate): number {
  return localDateParts(date).day;
}

/** Builds a LocalDate from parts; throws if the day does not exist. */
export function localDate(year: number, month: number, day: number): LocalDate {
  const result = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  assertLocalDate(result);
  return result;
}

/** The given 'MM-DD' in the given year. */
export function onMonthDay(year: number, monthDay: MonthDay): LocalDate {
  if (!isMonthDay(monthDay)) throw new RangeError(`month-day must be MM-DD, got ${JSON.stringify(monthDay)}`);
  return `${pad(year, 4)}-${monthDay}`;
}

/** The LocalDate as the UTC midnight that starts it: what rrule works on. */
export function toUtcDate(date: LocalDate): Date {
  const { year, month, day } = localDateParts(date);
  return utcMidnight(year, month, day);
}

/** The calendar date of a Date's UTC fields (the inverse of toUtcDate). */
export function fromUtcDate(date: Date): LocalDate {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** The calendar date in Copenhagen at the instant `now` (R72), whatever the server's zone. */
export function todayInCopenhagen(now: Date): LocalDate {
  const parts = copenhagenFormatter.formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return localDate(get('year'), get('month'), get('day'));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return fromUtcDate(new Date(toUtcDate(date).getTime() + days * MS_PER_DAY));
}

export function addWeeks(date: LocalDate, weeks: number): LocalDate {
  return addDays(date, weeks * 7);
}

/**
 * Calendar months; a day that does not exist in the target month becomes its
 * last day (2021-01-31 + 1 month = 2021-02-28), as people count months.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const { year, month, day } = localDateParts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return localDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

export function addYears(date: LocalDate, years: number): LocalDate {
  return addMonths(date, years * 12);
}

/** Negative, zero or positive as a is before, on or after b. */
export function compareLocalDate(a: LocalDate, b: LocalDate): number {
  assertLocalDate(a);
  assertLocalDate(b);
  // Valid four-digit ISO dates order lexicographically.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minLocalDate(first: LocalDate, ...rest: LocalDate[]): LocalDate {
  return rest.reduce((acc, d) => (compareLocalDate(d, acc) < 0 ? d : acc), first);
}

export function maxLocalDate(first: LocalDate, ...rest: LocalDate[]): LocalDate {
  return rest.reduce((acc, d) => (compareLocalDate(d, acc) > 0 ? d : acc), first);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcDate(to).getTime() - toUtcDate(from).getTime()) / MS_PER_DAY);
}

/** Inclusive on both ends, as the framework's windows are. */
export function isWithin(date: LocalDate, from: LocalDate, to: LocalDate): boolean {
  return compareLocalDate(from, date) <= 0 && compareLocalDate(date, to) <= 0;
}

const DANISH_MONTHS = ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'];

/** 2026-12-10 → "10. dec. 2026": a date as the pages and their messages write it (never the ISO form). */
export function danishDate(date: LocalDate): string {
  const { year, month, day } = localDateParts(date);
  return `${day}. ${DANISH_MONTHS[month - 1]} ${year}`;
}
