import { nextTilsynsrapportDueOn, tilsynsrapportOverdue } from './tilsynsrapport';

describe('R93 tilsynsrapport due dates', () => {
  it('R93: due two years after the last publication, or after the enhed opened', () => {
    expect(nextTilsynsrapportDueOn('2025-06-15', '2010-01-01')).toBe('2027-06-15');
    expect(nextTilsynsrapportDueOn(null, '2025-08-01')).toBe('2027-08-01');
  });

  it('R93: flagged the day after the due date, not on it', () => {
    expect(tilsynsrapportOverdue('2024-06-15', '2010-01-01', '2026-06-15')).toBe(false);
    expect(tilsynsrapportOverdue('2024-06-15', '2010-01-01', '2026-06-16')).toBe(true);
  });
});

describe('R93/R74: nothing is owed before the law took effect (1 January 2022)', () => {
  it('R93: an enhed opened before 2022 owes its first report two years after the law took effect, not after its opening', () => {
    expect(nextTilsynsrapportDueOn(null, '2010-01-01')).toBe('2024-01-01');
    expect(tilsynsrapportOverdue(null, '2010-01-01', '2023-12-31')).toBe(false);
    expect(tilsynsrapportOverdue(null, '2010-01-01', '2024-01-02')).toBe(true);
  });
});
