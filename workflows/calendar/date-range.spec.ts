import { dateProblem, serviceDateProblem } from './date-range';

/** The date messages a person reads: missing, badly written, a day that does not exist, outside the years (issue: newcomer's date messages). */
describe('dateProblem: which of the ways a date field is wrong', () => {
  it.each([
    [undefined, 'missing', 'mangler'],
    [null, 'missing', 'mangler'],
    ['', 'missing', 'mangler'],
    ['   ', 'missing', 'mangler'],
    ['30-02-2026', 'format', 'skal være en dato på formen ÅÅÅÅ-MM-DD'],
    ['2026-2-3', 'format', 'skal være en dato på formen ÅÅÅÅ-MM-DD'],
    [20260203, 'format', 'skal være en dato på formen ÅÅÅÅ-MM-DD'],
    ['2026-02-30', 'nonexistent', '30. februar 2026 findes ikke (februar 2026 har 28 dage)'],
    ['2024-02-30', 'nonexistent', '30. februar 2024 findes ikke (februar 2024 har 29 dage)'],
    ['2026-04-31', 'nonexistent', '31. april 2026 findes ikke (april 2026 har 30 dage)'],
    ['1900-02-29', 'nonexistent', '29. februar 1900 findes ikke (februar 1900 har 28 dage)'],
    ['2026-13-01', 'nonexistent', '2026-13-01 findes ikke (der er ingen måned 13; måneden skal være 01–12)'],
    ['2026-00-10', 'nonexistent', '2026-00-10 findes ikke (der er ingen måned 0; måneden skal være 01–12)'],
    ['2026-05-00', 'nonexistent', '2026-05-00 findes ikke (der er ingen dag 0)'],
    ['1899-12-31', 'range', 'ligger uden for årene 1900–2999'],
    ['3000-01-01', 'range', 'ligger uden for årene 1900–2999'],
  ])('%p is %s: "%s"', (value, kind, text) => {
    expect(dateProblem(value)).toEqual({ kind, text });
  });

  it('a real date in 1900–2999 has no problem (2024-02-29 exists, 2026-12-31 too)', () => {
    expect(dateProblem('2024-02-29')).toBeNull();
    expect(dateProblem('2026-12-31')).toBeNull();
    expect(dateProblem('1900-01-01')).toBeNull();
    expect(dateProblem('2999-12-31')).toBeNull();
  });

  it('serviceDateProblem (TODAY, the import) says the same: a day that does not exist, not the format', () => {
    expect(serviceDateProblem('2026-02-30')).toBe('30. februar 2026 findes ikke (februar 2026 har 28 dage)');
    expect(serviceDateProblem('30.02.2026')).toBe('"30.02.2026" er ikke en dato på formen ÅÅÅÅ-MM-DD');
    expect(serviceDateProblem('9999-12-31')).toBe('"9999-12-31" ligger uden for årene 1900–2999');
    expect(serviceDateProblem('')).toBe('datoen mangler');
    expect(serviceDateProblem('2026-11-30')).toBeNull();
  });
});
