import { checkMilestoneCorrection, checkMilestoneNotInFuture, checkPlannedTreatment } from './milestone-dates.rules';

describe('milestone dates (R11, R13)', () => {
  it('R11: a milestone dated after today is refused; today and earlier are accepted', () => {
    expect(checkMilestoneNotInFuture('byraad_behandlet', '2027-03-25', '2026-11-30')?.rule).toBe('R11');
    expect(checkMilestoneNotInFuture('byraad_behandlet', '2026-11-30', '2026-11-30')).toBeNull();
    expect(checkMilestoneNotInFuture('temaer_valgt', '2026-09-01', '2026-11-30')).toBeNull();
  });

  describe('R11: corrections', () => {
    const dates = { temaer_valgt: '2024-09-01', raadmand_godkendt: '2024-10-01', udvalg_droeftet: '2025-02-01', byraad_behandlet: '2025-03-25' };
    it.each([
      ['a milestone not yet recorded', 'opsamlet', '2025-04-01', 'x'],
      ['no reason', 'byraad_behandlet', '2025-03-18', '  '],
      ['a future date', 'byraad_behandlet', '2026-12-01', 'x'],
      ['a date before the previous milestone', 'byraad_behandlet', '2025-01-31', 'x'],
      ['a date after the next recorded milestone', 'raadmand_godkendt', '2025-02-02', 'x'],
    ] as const)('refuses %s', (_what, milestone, date, reason) => {
      expect(checkMilestoneCorrection(dates, milestone, date, reason, '2026-11-30')?.rule).toBe('R11');
    });
    it('accepts a date that keeps the order', () => {
      expect(checkMilestoneCorrection(dates, 'byraad_behandlet', '2025-03-18', 'Tastefejl', '2026-11-30')).toBeNull();
      expect(checkMilestoneCorrection(dates, 'byraad_behandlet', '2025-02-01', 'Tastefejl', '2026-11-30')).toBeNull();
    });
  });

  it('R13: the expected treatment may lie ahead, in the report year, after the previous treatment, until the report is treated', () => {
    const open = { year: 2027, treatedOn: null, previousTreatment: '2025-03-25' };
    expect(checkPlannedTreatment(open, '2027-03-18')).toBeNull();
    expect(checkPlannedTreatment(open, '2028-03-18')?.rule).toBe('R13');
    expect(checkPlannedTreatment({ ...open, year: 2025, previousTreatment: '2025-03-25' }, '2025-03-01')?.rule).toBe('R13');
    expect(checkPlannedTreatment({ ...open, treatedOn: '2027-03-20' }, '2027-03-25')?.rule).toBe('R13');
  });
});
