import {
  addDays,
  addMonths,
  addWeeks,
  addYears,
  compareLocalDate,
  dayOf,
  daysBetween,
  fromUtcDate,
  isLocalDate,
  isMonthDay,
  isWithin,
  localDate,
  localDateParts,
  maxLocalDate,
  minLocalDate,
  monthOf,
  onMonthDay,
  toUtcDate,
  todayInCopenhagen,
  yearOf,
} from './local-date';

describe('local-date', () => {
  describe('R72: isLocalDate is strict', () => {
    it.each(['2020-03-25', '2020-02-29', '2021-12-31', '0001-01-01'])('accepts %s', (s) => {
      expect(isLocalDate(s)).toBe(true);
    });

    it.each([
      '2021-02-29',
      '2021-02-30',
      '2021-04-31',
      '2021-13-01',
      '2021-00-10',
      '2021-01-00',
      '2021-1-01',
      '21-01-01',
      '2021-01-01T00:00:00Z',
      ' 2021-01-01',
      '',
      '0000-01-01',
    ])('rejects %j', (s) => {
      expect(isLocalDate(s)).toBe(false);
    });

    it('rejects non-strings', () => {
      expect(isLocalDate(undefined)).toBe(false);
      expect(isLocalDate(20210101)).toBe(false);
      expect(isLocalDate(new Date('2021-01-01'))).toBe(false);
    });

    it('isMonthDay refuses 02-29 and impossible days', () => {
      expect(isMonthDay('02-01')).toBe(true);
      expect(isMonthDay('12-15')).toBe(true);
      expect(isMonthDay('02-29')).toBe(false);
      expect(isMonthDay('06-31')).toBe(false);
      expect(isMonthDay('2-1')).toBe(false);
    });
  });

  describe('parts', () => {
    it('splits and builds', () => {
      expect(localDateParts('2020-03-25')).toEqual({ year: 2020, month: 3, day: 25 });
      expect([yearOf('2020-03-25'), monthOf('2020-03-25'), dayOf('2020-03-25')]).toEqual([2020, 3, 25]);
      expect(localDate(2021, 2, 1)).toBe('2021-02-01');
      expect(() => localDate(2021, 2, 29)).toThrow(RangeError);
      expect(onMonthDay(2021, '12-15')).toBe('2021-12-15');
      expect(() => onMonthDay(2021, '13-01')).toThrow(RangeError);
    });

    it('throws on malformed input rather than computing nonsense', () => {
      expect(() => addDays('2021-02-30', 1)).toThrow(RangeError);
      expect(() => compareLocalDate('2021-1-1', '2021-01-01')).toThrow(RangeError);
    });
  });

  describe('arithmetic', () => {
    it('adds days across month, year and leap-day boundaries', () => {
      expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
      expect(addDays('2021-02-28', 1)).toBe('2021-03-01');
      expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
      expect(addDays('2021-01-01', -1)).toBe('2020-12-31');
      expect(addDays('2020-03-25', 0)).toBe('2020-03-25');
    });

    it('adds days across DST changes without drifting (the clocks change, the calendar does not)', () => {
      expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
      expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
      expect(addDays('2026-10-24', 1)).toBe('2026-10-25');
      expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
      expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
      expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
    });

    it('R21: ten weeks after the 2020 byråd treatment is 3 June 2020', () => {
      expect(addWeeks('2020-03-25', 10)).toBe('2020-06-03');
      expect(addWeeks('2022-03-25', -8)).toBe('2022-01-28');
    });

    it('adds months clamping to the end of a shorter month', () => {
      expect(addMonths('2021-01-31', 1)).toBe('2021-02-28');
      expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
      expect(addMonths('2021-11-15', 2)).toBe('2022-01-15');
      expect(addMonths('2021-01-15', -2)).toBe('2020-11-15');
      expect(addYears('2020-02-29', 2)).toBe('2022-02-28');
      expect(addYears('2020-03-25', 2)).toBe('2022-03-25');
    });

    it('rejects fractional amounts', () => {
      expect(() => addDays('2021-01-01', 0.5)).toThrow(RangeError);
      expect(() => addMonths('2021-01-01', 1.5)).toThrow(RangeError);
    });

    it('counts days between, signed', () => {
      expect(daysBetween('2020-03-25', '2020-06-03')).toBe(70);
      expect(daysBetween('2020-06-03', '2020-03-25')).toBe(-70);
      expect(daysBetween('2020-01-01', '2021-01-01')).toBe(366);
    });
  });

  describe('ordering', () => {
    it('compares, min, max and isWithin (inclusive)', () => {
      expect(compareLocalDate('2020-03-25', '2020-03-26')).toBeLessThan(0);
      expect(compareLocalDate('2020-03-25', '2020-03-25')).toBe(0);
      expect(compareLocalDate('2021-01-01', '2020-12-31')).toBeGreaterThan(0);
      expect(minLocalDate('2021-05-01', '2020-03-25', '2022-01-01')).toBe('2020-03-25');
      expect(maxLocalDate('2021-05-01', '2020-03-25', '2022-01-01')).toBe('2022-01-01');
      expect(maxLocalDate('2021-05-01')).toBe('2021-05-01');
      expect(isWithin('2020-03-25', '2020-03-25', '2020-06-03')).toBe(true);
      expect(isWithin('2020-06-03', '2020-03-25', '2020-06-03')).toBe(true);
      expect(isWithin('2020-06-04', '2020-03-25', '2020-06-03')).toBe(false);
    });
  });

  describe('UTC bridge for rrule', () => {
    it('round-trips through UTC midnight', () => {
      const d = toUtcDate('2020-03-25');
      expect(d.toISOString()).toBe('2020-03-25T00:00:00.000Z');
      expect(fromUtcDate(d)).toBe('2020-03-25');
      expect(fromUtcDate(new Date('2020-03-25T23:59:59.999Z'))).toBe('2020-03-25');
      expect(toUtcDate('0050-06-01').getUTCFullYear()).toBe(50);
    });

    it('refuses an invalid Date', () => {
      expect(() => fromUtcDate(new Date('nope'))).toThrow(RangeError);
    });
  });

  describe('R72: todayInCopenhagen', () => {
    it.each([
      // Winter time, UTC+1.
      ['2026-01-15T22:59:59Z', '2026-01-15'],
      ['2026-01-15T23:00:00Z', '2026-01-16'],
      // Summer time, UTC+2.
      ['2026-06-15T21:59:59Z', '2026-06-15'],
      ['2026-06-15T22:00:00Z', '2026-06-16'],
      // The night of the spring change (29 March 2026, 02:00 → 03:00).
      ['2026-03-28T22:59:59Z', '2026-03-28'],
      ['2026-03-28T23:30:00Z', '2026-03-29'],
      ['2026-03-29T01:30:00Z', '2026-03-29'],
      ['2026-03-29T21:59:59Z', '2026-03-29'],
      ['2026-03-29T22:00:00Z', '2026-03-30'],
      // The night of the autumn change (25 October 2026, 03:00 → 02:00).
      ['2026-10-24T21:59:59Z', '2026-10-24'],
      ['2026-10-24T22:30:00Z', '2026-10-25'],
      ['2026-10-25T00:30:00Z', '2026-10-25'],
      ['2026-10-25T01:30:00Z', '2026-10-25'],
      ['2026-10-25T22:59:59Z', '2026-10-25'],
      ['2026-10-25T23:00:00Z', '2026-10-26'],
      // New year in Copenhagen is still the old year in UTC.
      ['2020-12-31T23:30:00Z', '2021-01-01'],
    ])('%s is %s in Copenhagen', (instant, expected) => {
      expect(todayInCopenhagen(new Date(instant))).toBe(expected);
    });
  });
});
