/**
 * Danish public holidays (helligdage) and working-day arithmetic (R97: working
 * days skip Saturdays, Sundays and Danish public holidays). Computed, not
 * listed, so no table runs out: the movable feasts follow Easter Sunday
 * (Gregorian computus). Pure; dates are LocalDate (R72).
 *
 * The holidays are those of the law (helligdagsloven): nytårsdag, skærtorsdag,
 * langfredag, påskedag, 2. påskedag, store bededag (only up to 2023: abolished
 * from 2024 by lov nr. 178 af 28. februar 2023), Kristi himmelfartsdag,
 * pinsedag, 2. pinsedag, juledag, 2. juledag. Grundlovsdag, juleaftensdag and
 * nytårsaftensdag are not helligdage and count as working days here.
 */
import type { LocalDate } from '../domain';
import { addDays, compareLocalDate, localDate, localDateParts } from '../calendar/local-date';

export type DanishHolidayName =
  | 'nytaarsdag'
  | 'skaertorsdag'
  | 'langfredag'
  | 'paaskedag'
  | 'anden_paaskedag'
  | 'store_bededag'
  | 'kristi_himmelfartsdag'
  | 'pinsedag'
  | 'anden_pinsedag'
  | 'juledag'
  | 'anden_juledag';

export interface DanishHoliday {
  readonly date: LocalDate;
  readonly name: DanishHolidayName;
  /** Danish, for pages. */
  readonly label: string;
}

/** The last year store bededag was a public holiday (lov nr. 178 af 28/02/2023 abolished it from 2024). */
export const LAST_STORE_BEDEDAG_YEAR = 2023;

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`year must be a Gregorian year, got ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return localDate(year, month, day);
}

const holidayCache = new Map<number, readonly DanishHoliday[]>();

/** The Danish public holidays of a year, in date order. */
export function danishPublicHolidays(year: number): readonly DanishHoliday[] {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const fromEaster = (days: number, name: DanishHolidayName, label: string): DanishHoliday => ({ date: addDays(easter, days), name, label });
  const list: DanishHoliday[] = [
    { date: localDate(year, 1, 1), name: 'nytaarsdag', label: 'Nytårsdag' },
    fromEaster(-3, 'skaertorsdag', 'Skærtorsdag'),
    fromEaster(-2, 'langfredag', 'Langfredag'),
    fromEaster(0, 'paaskedag', 'Påskedag'),
    fromEaster(1, 'anden_paaskedag', '2. påskedag'),
    ...(year <= LAST_STORE_BEDEDAG_YEAR ? [fromEaster(26, 'store_bededag', 'Store bededag')] : []),
    fromEaster(39, 'kristi_himmelfartsdag', 'Kristi himmelfartsdag'),
    fromEaster(49, 'pinsedag', 'Pinsedag'),
    fromEaster(50, 'anden_pinsedag', '2. pinsedag'),
    { date: localDate(year, 12, 25), name: 'juledag', label: 'Juledag' },
    { date: localDate(year, 12, 26), name: 'anden_juledag', label: '2. juledag' },
  ];
  const frozen = Object.freeze(list.sort((x, y) => compareLocalDate(x.date, y.date)));
  holidayCache.set(year, frozen);
  return frozen;
}

export function isDanishPublicHoliday(date: LocalDate): boolean {
  const { year } = localDateParts(date);
  return danishPublicHolidays(year).some((h) => h.date === date);
}

/** Monday–Friday and not a public holiday (R97). */
export function isWorkingDay(date: LocalDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isDanishPublicHoliday(date);
}

/**
 * The `n`-th working day after `date` (n ≥ 1); `date` itself never counts, even
 * when it is a working day. "Due 10 working days after the visit" is
 * addWorkingDays(visit, 10). n = 0 returns `date` unchanged.
 */
export function addWorkingDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left -= 1;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  let n = 0;
  for (let d = addDays(from, 1); compareLocalDate(d, to) <= 0; d = addDays(d, 1)) if (isWorkingDay(d)) n += 1;
  return n;
}
