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
    const [after] = bookingWarnings('2027-02-01', window, '2026-11-30', 'Besøget', 'tilsynsrammen, R90/R97');
    expect(after).toMatchObject({ code: 'efter_frist' });
    expect(after!.message).toContain('efter fristen: vinduet er 1. dec. 2026 – 31. jan. 2027 (tilsynsrammen, R90/R97). Besøget bliver gennemført for sent');
  });

  it('a date before today is warned (confirm it instead), today and later are not', () => {
    expect(bookingWarnings('2026-12-05', window, '2026-12-06')).toEqual([
      { code: 'foer_i_dag', message: expect.stringContaining('ligger før i dag (6. dec. 2026). Er mødet holdt, så bekræft det') },
    ]);
    expect(bookingWarnings('2026-12-06', window, '2026-12-06')).toEqual([]);
    expect(bookingWarnings('2026-11-29', window, '2026-11-30').map((w) => w.code)).toEqual(['foer_i_dag', 'foer_vindue']);
  });
});
