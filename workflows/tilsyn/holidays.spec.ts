import { addWorkingDays, danishPublicHolidays, easterSunday, isDanishPublicHoliday, isWorkingDay, workingDaysBetween, type DanishHolidayName } from './holidays';

/** Published Danish holiday calendars (e.g. the Danish Agency for Digital Government's list), per year. */
const KNOWN: Record<number, Partial<Record<DanishHolidayName, string>>> = {
  2019: { skaertorsdag: '2019-04-18', langfredag: '2019-04-19', paaskedag: '2019-04-21', anden_paaskedag: '2019-04-22', store_bededag: '2019-05-17', kristi_himmelfartsdag: '2019-05-30', pinsedag: '2019-06-09', anden_pinsedag: '2019-06-10' },
  2022: { skaertorsdag: '2022-04-14', langfredag: '2022-04-15', paaskedag: '2022-04-17', anden_paaskedag: '2022-04-18', store_bededag: '2022-05-13', kristi_himmelfartsdag: '2022-05-26', pinsedag: '2022-06-05', anden_pinsedag: '2022-06-06' },
  2023: { skaertorsdag: '2023-04-06', langfredag: '2023-04-07', paaskedag: '2023-04-09', anden_paaskedag: '2023-04-10', store_bededag: '2023-05-05', kristi_himmelfartsdag: '2023-05-18', pinsedag: '2023-05-28', anden_pinsedag: '2023-05-29' },
  2024: { skaertorsdag: '2024-03-28', langfredag: '2024-03-29', paaskedag: '2024-03-31', anden_paaskedag: '2024-04-01', kristi_himmelfartsdag: '2024-05-09', pinsedag: '2024-05-19', anden_pinsedag: '2024-05-20' },
  2025: { skaertorsdag: '2025-04-17', langfredag: '2025-04-18', paaskedag: '2025-04-20', anden_paaskedag: '2025-04-21', kristi_himmelfartsdag: '2025-05-29', pinsedag: '2025-06-08', anden_pinsedag: '2025-06-09' },
  2026: { skaertorsdag: '2026-04-02', langfredag: '2026-04-03', paaskedag: '2026-04-05', anden_paaskedag: '2026-04-06', kristi_himmelfartsdag: '2026-05-14', pinsedag: '2026-05-24', anden_pinsedag: '2026-05-25' },
  2027: { skaertorsdag: '2027-03-25', langfredag: '2027-03-26', paaskedag: '2027-03-28', anden_paaskedag: '2027-03-29', kristi_himmelfartsdag: '2027-05-06', pinsedag: '2027-05-16', anden_pinsedag: '2027-05-17' },
  2038: { paaskedag: '2038-04-25', kristi_himmelfartsdag: '2038-06-03', anden_pinsedag: '2038-06-14' },
};

const holidayOf = (year: number, name: DanishHolidayName) => danishPublicHolidays(year).find((h) => h.name === name)?.date;

describe('Danish public holidays (R97)', () => {
  const names: DanishHolidayName[] = ['skaertorsdag', 'langfredag', 'paaskedag', 'anden_paaskedag', 'store_bededag', 'kristi_himmelfartsdag', 'pinsedag', 'anden_pinsedag'];
  for (const name of names) {
    it(`R97: ${name} falls on its published date in every checked year`, () => {
      for (const [year, dates] of Object.entries(KNOWN)) {
        const expected = dates[name];
        if (expected) expect([year, holidayOf(Number(year), name)]).toEqual([year, expected]);
      }
    });
  }

  for (const [name, monthDay] of [['nytaarsdag', '01-01'], ['juledag', '12-25'], ['anden_juledag', '12-26']] as const) {
    it(`R97: ${name} is ${monthDay} every year`, () => {
      for (const year of [2019, 2022, 2024, 2026, 2030]) expect(holidayOf(year, name)).toBe(`${year}-${monthDay}`);
    });
  }

  it('R97: store bededag is a holiday up to 2023 and not from 2024 (lov nr. 178 af 28/02/2023)', () => {
    expect(holidayOf(2023, 'store_bededag')).toBe('2023-05-05');
    expect(isWorkingDay('2023-05-05')).toBe(false);
    for (const year of [2024, 2025, 2026, 2030]) expect(holidayOf(year, 'store_bededag')).toBeUndefined();
    expect(isWorkingDay('2024-04-26')).toBe(true); // the fourth Friday after Easter 2024
  });

  it('R97: Easter Sunday by the computus matches known years, including the extremes', () => {
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2011)).toBe('2011-04-24');
    expect(easterSunday(2285)).toBe('2285-03-22'); // earliest possible
    expect(easterSunday(2038)).toBe('2038-04-25'); // latest possible
  });

  it('R97: grundlovsdag, juleaften and nytårsaften are not public holidays', () => {
    expect(isDanishPublicHoliday('2025-06-05')).toBe(false);
    expect(isDanishPublicHoliday('2025-12-24')).toBe(false);
    expect(isDanishPublicHoliday('2025-12-31')).toBe(false);
  });

  it('lists eleven holidays before 2024 and ten from 2024, in date order', () => {
    expect(danishPublicHolidays(2023)).toHaveLength(11);
    expect(danishPublicHolidays(2024)).toHaveLength(10);
    const dates = danishPublicHolidays(2026).map((h) => h.date);
    expect([...dates].sort()).toEqual(dates);
  });
});

describe('working days (R97)', () => {
  it('R97: weekends and holidays are skipped; the start day never counts', () => {
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29')).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-30')).toBe(true);
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30'); // Friday → Monday
    expect(addWorkingDays('2026-11-30', 0)).toBe('2026-11-30');
  });

  it('R92/R97: 10 working days after a visit on Tuesday before Easter 2026 skip skærtorsdag to 2. påskedag', () => {
    // 31/3 visit; 1/4 is day 1; 2/4–6/4 are holidays or weekend; then 7/4…
    expect(addWorkingDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(addWorkingDays('2026-03-31', 2)).toBe('2026-04-07');
    expect(addWorkingDays('2026-03-31', 10)).toBe('2026-04-17'); // 1/4, 7–10/4, 13–17/4
  });

  it('R97: across Christmas and New Year', () => {
    // 2025-12-23 (Tue): 24 Wed counts, 25/26 holidays, 27/28 weekend, 29 30 31 count, 1/1 holiday, 2/1 counts.
    expect(addWorkingDays('2025-12-23', 5)).toBe('2026-01-02');
    expect(workingDaysBetween('2025-12-23', '2026-01-02')).toBe(5);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-01-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-01', 1.5)).toThrow(RangeError);
  });
});
