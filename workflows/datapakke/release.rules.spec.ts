import { checkRelease, halfYearOf } from './release.rules';

describe('datapakke releases (R41, R42)', () => {
  it('R42: the half-year of a date', () => {
    expect(halfYearOf('2026-06-30')).toBe('2026-foraar');
    expect(halfYearOf('2026-07-01')).toBe('2026-efteraar');
  });
  it('R41: a release is not dated after today', () => {
    expect(checkRelease({ halfYear: '2026-efteraar', publishedOn: '2026-12-01', today: '2026-11-30' })?.rule).toBe('R41');
    expect(checkRelease({ halfYear: '2026-efteraar', publishedOn: '2026-11-30', today: '2026-11-30' })).toBeNull();
  });
  it('R42: the half-year is written ÅÅÅÅ-foraar/efteraar and released at the earliest the half-year before', () => {
    expect(checkRelease({ halfYear: '2026-H2', publishedOn: '2026-07-01', today: '2026-11-30' })?.rule).toBe('R42');
    expect(checkRelease({ halfYear: '2027-foraar', publishedOn: '2026-12-20', today: '2026-12-31' })).toBeNull();
    expect(checkRelease({ halfYear: '2027-efteraar', publishedOn: '2026-12-20', today: '2026-12-31' })?.rule).toBe('R42');
  });
});
