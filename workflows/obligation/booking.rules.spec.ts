import { bookingDateRefusal, bookingWarnings } from './booking.rules';

describe('booking a date (R31, R90/R97: the window; no booking in the past)', () => {
  const window = { opensOn: '2026-12-01', dueOn: '2027-01-31' };

  it('R31: inside the window, both ends inclusive, nothing is warned', () => {
    expect(bookingWarnings('2026-12-01', window)).toEqual([]);
    expect(bookingWarnings('2027-01-31', window)).toEqual([]);
  });

  it('R31: before the window opens and after the due date it warns, naming the window as the pages write dates', () => {
    const [before] = bookingWarnings('2026-11-30', window);
    expect(before).toMatchObject({ code: 'foer_vindue' });
    expect(before!.message).toContain('før vinduet åbner: vinduet er 1. dec. 2026 – 31. jan. 2027');
    const [after] = bookingWarnings('2027-02-01', window, 'Besøget', 'tilsynsrammen, R90/R97');
    expect(after).toMatchObject({ code: 'efter_frist' });
    expect(after!.message).toContain('efter fristen: vinduet er 1. dec. 2026 – 31. jan. 2027 (tilsynsrammen, R90/R97). Besøget bliver gennemført for sent');
  });

  it('a date before today is refused, today and later are not', () => {
    expect(bookingDateRefusal('2026-11-29', '2026-11-30')).toContain('ligger før i dag (30. nov. 2026)');
    expect(bookingDateRefusal('2026-11-30', '2026-11-30')).toBeNull();
    expect(bookingDateRefusal('2027-01-01', '2026-11-30')).toBeNull();
  });
});
