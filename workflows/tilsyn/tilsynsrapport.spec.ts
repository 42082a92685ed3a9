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
