import { bookingWarnings } from './booking.rules';

describe('booking a date (R31, R90/R97: the window; a past date warned)', () => {
  const window = { opensOn: '2026-12-01', dueOn: '2027-01-31' };

  it('R31: inside the window, both ends inclusive, nothing is warned', () => {
    expect(bookingWarnings('2026-12-01', window, '2026-11-30')).toEqual([]);
    expect(bookingWarnings('2027-01-31', window, '2026-11-30')).toEqual([]);
  });

  it('R31: before the window opens and after the due date it warns, naming the window as the pages write dates', () => {
    const [before] = bookingWarnings('2026-11-30', window, '2026-11-30');
    expect(before).toMatchObject({ code: 'foer_vindue' });
    expect(before!.message).toContain('før vinduet åbner: vinduet er 1. dec. 2026 – 31. jan. 2027');
    const [after] = bookingWarnings('2027-02-01', window, '2026-11-30', 'besoeg', 'tilsynsrammen, R90/R97');
    expect(after).toMatchObject({ code: 'efter_frist' });
    expect(after!.message).toContain('efter fristen: vinduet er 1. dec. 2026 – 31. jan. 2027 (tilsynsrammen, R90/R97). Besøget bliver gennemført for sent');
  });

  it('a date before today is warned (confirm it instead), today and later are not', () => {
    expect(bookingWarnings('2026-12-05', window, '2026-12-06')).toEqual([
      { code: 'foer_i_dag', message: expect.stringContaining('ligger før i dag (6. dec. 2026). Er mødet holdt, så bekræft det') },
    ]);
    expect(bookingWarnings('2026-12-06', window, '2026-12-06')).toEqual([]);
    const [late] = bookingWarnings('2027-02-01', window, '2027-03-01');
    expect(bookingWarnings('2027-02-01', window, '2027-03-01').map((w) => w.code)).toEqual(['foer_i_dag', 'efter_frist']);
    expect(late!.message).toContain('Er mødet holdt, så bekræft det');
  });

  it('R31: a past date before the window is one warning naming both, never inviting to confirm it (a held date there is refused)', () => {
    // The newcomer's case: Læringssamtale 4, window 1 Aug – 15 Dec 2026, booked 15 Jul 2026 on 30 Nov 2026.
    const warnings = bookingWarnings('2026-07-15', { opensOn: '2026-08-01', dueOn: '2026-12-15' }, '2026-11-30');
    expect(warnings).toEqual([
      {
        code: 'foer_vindue',
        message: 'Den bookede dato 15. jul. 2026 ligger før i dag (30. nov. 2026) og før vinduet åbner: vinduet er 1. aug. 2026 – 15. dec. 2026. Forpligtelsen kan ikke holdes før vinduet; vælg en dato i vinduet.',
      },
    ]);
    expect(warnings.map((w) => w.message).join(' ')).not.toMatch(/bekræft|kan først holdes, når vinduet er åbnet/);
  });

  it('R90/R97: on a tilsyn visit the warnings say "besøget", never "mødet"', () => {
    const visit = { opensOn: '2026-08-01', dueOn: '2026-12-15' };
    const [past] = bookingWarnings('2026-11-02', visit, '2026-11-30', 'besoeg', 'tilsynsrammen, R90/R97');
    expect(past).toEqual({ code: 'foer_i_dag', message: 'Den bookede dato 2. nov. 2026 ligger før i dag (30. nov. 2026). Er besøget holdt, så bekræft det med den dato, det blev holdt.' });
    const [before] = bookingWarnings('2026-07-15', visit, '2026-11-30', 'besoeg', 'tilsynsrammen, R90/R97');
    expect(before!.message).toContain('(tilsynsrammen, R90/R97). Besøget kan ikke holdes før vinduet');
    const all = [past, before, ...bookingWarnings('2027-01-04', visit, '2027-01-10', 'besoeg')].map((w) => w!.message).join(' ');
    expect(all).not.toContain('mødet');
  });
});
