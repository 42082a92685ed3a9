import { CreateQualityReportDto } from '../modules/quality-reports';
import { CoverageQuery } from '../modules/audit';
import { BadInputError, crossFieldError } from '../common/errors';
import { refusalErrors, validateInput } from './admin-forms';
import { validateAs } from './forms';

describe('validateInput (the API’s DTOs on a page)', () => {
  it('names each bad field by its Danish label, links it to its input, and words it as the JSON API does (one way to validate)', async () => {
    const { errors } = await validateInput(CreateQualityReportDto, { ageArea: '7-9', year: 'tyve', themes: [] }, { year: 'aar' }, { ageArea: 'Aldersområde', year: 'Årstal', themes: 'Temaer' });
    expect(errors).toEqual([
      { field: 'ageArea', text: 'Aldersområde: skal være en af: 0-6, 6-18' },
      { field: 'aar', text: 'Årstal: skal være et tal' },
      { field: 'themes', text: 'Temaer: skal have mindst 1 element' },
    ]);
  });

  it('a blank field is a missing one, said so under its label ("Årstal mangler", not "skal være et tal")', async () => {
    const { errors } = await validateInput(CreateQualityReportDto, { ageArea: '6-18', year: '  ', themes: ['Trivsel'] }, { year: 'aar' }, { year: 'Årstal' });
    expect(errors).toEqual([{ field: 'aar', text: 'Årstal mangler' }]);
  });

  it('keeps the DTO’s own Danish messages and converts like the API (numbers, defaults)', async () => {
    const { value, errors } = await validateInput(CoverageQuery, { from: '2026-02-30', to: '2026-12-31', limit: '20' });
    // An impossible date says it does not exist (dateProblem), not the format.
    expect(errors).toEqual([{ field: 'from', text: 'from: 30. februar 2026 findes ikke (februar 2026 har 28 dage)' }]);
    expect(value.limit).toBe(20);
    expect(value.format).toBe('json');
  });

  it('answers exactly what the API’s pipe answers for the same input', async () => {
    const plain = { ageArea: '7-9', year: 'tyve', themes: [] };
    const { errors } = await validateInput(CreateQualityReportDto, plain);
    const api = await validateAs(CreateQualityReportDto, plain).then(
      () => [],
      (e: BadInputError) => (e.details.fields as { message: string }[]).map((f) => f.message),
    );
    expect(errors.map((e) => e.text)).toEqual(api);
  });
});

describe('refusalErrors (an API refusal on a page)', () => {
  it('says a cross-field check once, in the page\'s words: no "(…)" repeating the sentence, no API field names, no "Ugyldigt input:"', () => {
    expect(refusalErrors(crossFieldError('from', 'from skal ligge før eller på to')).errors.map((e) => e.text)).toEqual([
      'Fra-datoen skal ligge før eller på til-datoen',
    ]);
    expect(refusalErrors(crossFieldError('to', 'to må højst ligge 10 år efter from')).errors.map((e) => e.text)).toEqual([
      'Til-datoen må højst ligge 10 år efter fra-datoen',
    ]);
  });

  it('keeps a field message that adds to the message', () => {
    const error = new BadInputError('Ugyldigt input: heldOn', [{ field: 'heldOn', message: 'mangler' }]);
    expect(refusalErrors(error).errors[0]!.text).toMatch(/ \(mangler\)$/);
  });
});
