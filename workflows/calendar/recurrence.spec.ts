import { occurrenceOnOrBefore, occurrencesBetween, recurrenceProblems, recurrenceStart, recurrenceWindows } from './recurrence';

const TWO_MONTHLY = 'DTSTART:20200101T000000Z\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1';
const FIRST_OF_DECEMBER = 'DTSTART:20200101T000000Z\nRRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1';

describe('recurrence', () => {
  it('R50: a two-monthly rule cuts a year into six windows, each ending the day before the next opens', () => {
    expect(recurrenceWindows(TWO_MONTHLY, '2021-01-01', '2022-01-01')).toEqual([
      { opensOn: '2021-01-01', dueOn: '2021-02-28' },
      { opensOn: '2021-03-01', dueOn: '2021-04-30' },
      { opensOn: '2021-05-01', dueOn: '2021-06-30' },
      { opensOn: '2021-07-01', dueOn: '2021-08-31' },
      { opensOn: '2021-09-01', dueOn: '2021-10-31' },
      { opensOn: '2021-11-01', dueOn: '2021-12-31' },
    ]);
  });

  it('selects windows by due date and returns the running window unclamped', () => {
    const windows = recurrenceWindows(TWO_MONTHLY, '2020-03-25', '2020-07-01');
    expect(windows).toEqual([
      { opensOn: '2020-03-01', dueOn: '2020-04-30' },
      { opensOn: '2020-05-01', dueOn: '2020-06-30' },
    ]);
    // A window due on the exclusive end is left out.
    expect(recurrenceWindows(TWO_MONTHLY, '2020-03-25', '2020-06-30')).toHaveLength(1);
    // A window due on the inclusive start is kept.
    expect(recurrenceWindows(TWO_MONTHLY, '2020-04-30', '2020-05-01')).toEqual([{ opensOn: '2020-03-01', dueOn: '2020-04-30' }]);
  });

  it('knows the leap day', () => {
    expect(recurrenceWindows(TWO_MONTHLY, '2020-01-01', '2020-03-01')).toEqual([{ opensOn: '2020-01-01', dueOn: '2020-02-29' }]);
  });

  it('has no window before DTSTART', () => {
    expect(occurrenceOnOrBefore(TWO_MONTHLY, '2019-12-31')).toBeNull();
    expect(recurrenceWindows(TWO_MONTHLY, '2019-10-01', '2020-03-02')).toEqual([{ opensOn: '2020-01-01', dueOn: '2020-02-29' }]);
  });

  it('R61: yearly occurrences in a half-open range', () => {
    expect(occurrencesBetween(FIRST_OF_DECEMBER, '2021-03-24', '2023-03-24')).toEqual(['2021-12-01', '2022-12-01']);
    expect(occurrencesBetween(FIRST_OF_DECEMBER, '2021-12-01', '2022-12-01')).toEqual(['2021-12-01']);
    expect(occurrencesBetween(FIRST_OF_DECEMBER, '2022-12-01', '2021-12-01')).toEqual([]);
  });

  it('does not depend on the process time zone or DST: occurrences stay on their calendar day', () => {
    const octoberSundays = 'DTSTART:20260104T000000Z\nRRULE:FREQ=WEEKLY;BYDAY=SU';
    expect(occurrencesBetween(octoberSundays, '2026-10-18', '2026-11-02')).toEqual(['2026-10-18', '2026-10-25', '2026-11-01']);
    expect(occurrencesBetween(octoberSundays, '2026-03-22', '2026-04-06')).toEqual(['2026-03-22', '2026-03-29', '2026-04-05']);
  });

  it('reads DTSTART', () => {
    expect(recurrenceStart(TWO_MONTHLY)).toBe('2020-01-01');
  });

  it('accepts the configured rules and names what is wrong with bad ones', () => {
    expect(recurrenceProblems(TWO_MONTHLY)).toEqual([]);
    expect(recurrenceProblems(FIRST_OF_DECEMBER)).toEqual([]);
    expect(recurrenceProblems('RRULE:FREQ=MONTHLY;INTERVAL=2')).toEqual([expect.stringMatching(/DTSTART/)]);
    expect(recurrenceProblems('DTSTART:20200101T120000Z\nRRULE:FREQ=MONTHLY')).toEqual([expect.stringMatching(/DTSTART/)]);
    expect(recurrenceProblems('DTSTART:20200101T000000Z\nRRULE:FREQ=HOURLY')).toEqual([expect.stringMatching(/at most daily/)]);
    expect(recurrenceProblems('DTSTART:20200101T000000Z\nRRULE:FREQ=DAILY;BYHOUR=9')).toEqual([expect.stringMatching(/time of day/)]);
    expect(recurrenceProblems('DTSTART;TZID=Europe/Copenhagen:20200101T000000\nRRULE:FREQ=DAILY').length).toBeGreaterThan(0);
    expect(recurrenceProblems('DTSTART:20200101T000000Z\nRRULE:FREQ=FORTNIGHTLY').length).toBeGreaterThan(0);
    expect(() => occurrencesBetween('RRULE:FREQ=DAILY', '2020-01-01', '2020-02-01')).toThrow(RangeError);
  });
});
