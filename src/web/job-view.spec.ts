import type { JobView } from '../modules/jobs';
import { jobPageModel } from './job-view';

const base: JobView = {
  id: '7d0f6c1e-0000-4000-8000-000000000001',
  kind: 'byraadsbehandling',
  state: 'koerer',
  progress: { done: 2, total: 4 },
  attempts: 1,
  result: null,
  errors: null,
  startedByPersonId: null,
  createdAt: '2026-11-30T09:00:00.000Z',
  startedAt: '2026-11-30T09:00:01.000Z',
  finishedAt: null,
};

describe('jobPageModel (the job page, issue 15)', () => {
  it('a running job polls and shows done of total', () => {
    expect(jobPageModel(base)).toMatchObject({ running: true, stateText: 'Kører', max: 4, value: 2, progressText: '2 af 4 trin', summary: '', errors: [] });
  });

  it('a job that has not counted yet shows an empty bar, and a retried one says so', () => {
    expect(jobPageModel({ ...base, state: 'venter', progress: { done: 0, total: null }, attempts: 2 })).toMatchObject({
      running: true, max: 1, value: 0, progressText: 'Tæller op …', attemptText: expect.stringContaining('forsøg 2'),
    });
  });

  it('R13: a finished treatment names the loops it started and links to the report; it stops polling', () => {
    const model = jobPageModel({ ...base, state: 'faerdig', progress: { done: 4, total: 4 }, result: { id: 'r1', ageArea: '0-6', year: 2027, loopsStarted: 37 } });
    expect(model).toMatchObject({ running: false, value: 4, links: [{ href: '/kvalitetsrapporter/r1', text: 'Til kvalitetsrapporten' }] });
    expect(model.summary).toBe('Byrådets behandling af kvalitetsrapporten for 0-6 år 2027 er registreret. 37 læringsloops er startet (R13).');
  });

  it('a refused import says it was refused and that nothing was written, never "0 af 1 rækker"', () => {
    const model = jobPageModel({ ...base, kind: 'organisationsimport', state: 'fejlet', progress: { done: 0, total: 1 }, errors: [{ message: 'Ukendt enhedstype', file: 'units.csv', line: 2, column: 'type' }] });
    expect(model).toMatchObject({ stateText: 'Afvist', progressText: 'Importen blev afvist. Intet er skrevet.', failedHeading: 'Importen blev afvist' });
    expect(model.problems).toHaveLength(1);
  });

  it('a successful import says what it created, changed and left unchanged, per file', () => {
    const model = jobPageModel({
      ...base, kind: 'organisationsimport', state: 'faerdig', progress: { done: 90, total: 90 },
      result: { units: { created: 2, updated: 1, unchanged: 84 }, people: { created: 5, updated: 0, unchanged: 330 }, assignments: { created: 7, unchanged: 400 } },
    });
    expect(model.summary).toBe('Organisationen er importeret. Enheder: 2 oprettet, 1 ændret, 84 uændret. Personer: 5 oprettet, 0 ændret, 330 uændret. Tildelinger: 7 oprettet, 400 uændret.');
  });

  it('a failed job shows its Danish errors, or says that it has none', () => {
    expect(jobPageModel({ ...base, state: 'fejlet', errors: [{ message: 'Kvalitetsrapporten findes ikke' }] }).errors).toEqual([{ message: 'Kvalitetsrapporten findes ikke' }]);
    expect(jobPageModel({ ...base, state: 'fejlet' }).errors).toEqual([{ message: 'Jobbet fejlede uden en forklaring' }]);
  });
});

describe('jobPageModel for the jobs of issue 15’s rest', () => {
  it('counts in the job’s own unit: units for exports and datapakker, rows for the import', () => {
    expect(jobPageModel({ ...base, kind: 'tilsynsdaekning-eksport', progress: { done: 120, total: 10000 } }).progressText).toBe('120 af 10000 enheder');
    expect(jobPageModel({ ...base, kind: 'datapakke-udgivelse', progress: { done: 500, total: 6000 } }).progressText).toBe('500 af 6000 enheder');
    expect(jobPageModel({ ...base, kind: 'organisationsimport', progress: { done: 10, total: 45000 } }).progressText).toBe('10 af 45000 rækker');
  });

  it('R80: a finished export offers its file for download, only once it is done', () => {
    const result = { filename: 'tilsynsdaekning-2026-01-01-2026-12-31.csv', contentType: 'text/csv; charset=utf-8', bytes: 3 * 1024 * 1024, units: 10000 };
    const done = jobPageModel({ ...base, kind: 'tilsynsdaekning-eksport', state: 'faerdig', progress: { done: 10000, total: 10000 }, result });
    expect(done.download).toEqual({ href: `/job/${base.id}/fil`, text: 'Hent tilsynsdaekning-2026-01-01-2026-12-31.csv' });
    expect(done.summary).toBe('Filen er klar: 10000 enheder, 3 MB.');
    expect(jobPageModel({ ...base, kind: 'tilsynsdaekning-eksport', result }).download).toBeNull();
  });

  it('a refused import lists each problem with file, line and column, apart from other errors', () => {
    const problems = [
      { message: 'ukendt rolle "kok"', file: 'people.csv', line: 3, column: 'rolle' },
      { message: 'mangler', file: 'units.csv', line: 2, column: 'navn' },
    ];
    const model = jobPageModel({ ...base, kind: 'organisationsimport', state: 'fejlet', errors: problems });
    expect(model.problems).toEqual(problems);
    expect(model.problemsHeading).toBe('Fejl i filerne (2). Intet er ændret.');
    expect(model.errors).toEqual([]);
    expect(model.links).toEqual([{ href: '/organisation/import', text: 'Til importen' }]);
  });
});
