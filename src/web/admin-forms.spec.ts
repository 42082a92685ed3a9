import { CreateQualityReportDto } from '../modules/quality-reports';
import { CoverageQuery } from '../modules/audit';
import { validateInput } from './admin-forms';

describe('validateInput (the API’s DTOs on a page)', () => {
  it('names each bad field by its Danish label and links it to its input', async () => {
    const { errors } = await validateInput(CreateQualityReportDto, { ageArea: '7-9', year: 'tyve', themes: [] }, { year: 'aar' }, { ageArea: 'Aldersområde', year: 'Årstal', themes: 'Temaer' });
    expect(errors).toEqual([
      { field: 'ageArea', text: 'Aldersområde: vælg en af de mulige værdier' },
      { field: 'aar', text: 'Årstal: skal være et helt tal' },
      { field: 'themes', text: 'Temaer: skal have mindst én værdi' },
    ]);
  });

  it('keeps the DTO’s own Danish messages and converts like the API (numbers, defaults)', async () => {
    const { value, errors } = await validateInput(CoverageQuery, { from: '2026-02-30', to: '2026-12-31', limit: '20' });
    expect(errors).toEqual([{ field: 'from', text: expect.stringMatching(/^from skal være en dato/) }]);
    expect(value.limit).toBe(20);
    expect(value.format).toBe('json');
  });
});
