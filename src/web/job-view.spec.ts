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
    expect(model.summary).toBe('Byrådets behandling af kvalitetsrapporten for 0–6 år 2027 er registreret. 37 læringsloops er startet (R13).');
  });

  it('a refused import says it once: refused, why, and that nothing was written (never "0 af 1 rækker", no bar)', () => {
    const model = jobPageModel({ ...base, kind: 'organisationsimport', state: 'fejlet', progress: { done: 0, total: 1 }, errors: [{ message: 'Ukendt enhedstype', file: 'units.csv', line: 2, column: 'type' }] });
    expect(model).toMatchObject({
      heading: 'Importen blev afvist', outcome: 'afvist', stateText: 'Afvist', showProgress: false, summary: '', errors: [],
      failure: 'Filerne har 1 fejl, så intet er skrevet. Ret rækkerne i tabellen nedenfor, og importér filerne igen.',
      problemsHeading: 'Fejl i filerne (1)',
    });
    expect(model.problems).toHaveLength(1);
    // Said once: no other text of the model repeats the refusal.
    const texts = [model.heading, model.stateText, model.failure, model.problemsHeading, model.progressText, model.summary].join(' | ');
    expect(texts.match(/intet er (skrevet|ændret)/gi)).toHaveLength(1);
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
    expect(jobPageModel({ ...base, state: 'fejlet' }).errors).toEqual([{ message: 'Jobbet fejlede uden en forklaring', unexpected: true }]);
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
    expect(model.problemsHeading).toBe('Fejl i filerne (2)');
    expect(model.failure).toBe('Filerne har 2 fejl, så intet er skrevet. Ret rækkerne i tabellen nedenfor, og importér filerne igen.');
    expect(model.errors).toEqual([]);
    expect(model.links).toEqual([{ href: '/organisation/import', text: 'Til importen' }]);
  });
});

describe('every job kind’s heading and status say what happened (webB finding 1)', () => {
  const cases: [string, Record<string, unknown>, [string, string, string, string]][] = [
    ['byraadsbehandling', { id: 'r', ageArea: '0-6', year: 2027, loopsStarted: 3 }, ['Byrådsbehandling: læringsloops startes', 'Byrådsbehandling: læringsloops er startet', 'Byrådsbehandlingen blev afvist', 'Byrådsbehandlingen fejlede']],
    ['datapakke-udgivelse', { published: 12 }, ['Datapakker udgives', 'Datapakkerne er udgivet', 'Udgivelsen af datapakker blev afvist', 'Udgivelsen af datapakker fejlede']],
    ['halvaarsudgivelse', { published: 1 }, ['Halvårets datapakke udgives', 'Halvårets datapakke er udgivet', 'Udgivelsen af halvårets datapakke blev afvist', 'Udgivelsen af halvårets datapakke fejlede']],
    ['organisationsimport', { units: { created: 1, unchanged: 0 } }, ['Organisationen importeres', 'Organisationen er importeret', 'Importen blev afvist', 'Importen fejlede']],
    ['tilsynsdaekning-eksport', { filename: 'x.csv', bytes: 10, units: 1 }, ['Tilsynsdækning eksporteres som CSV', 'Tilsynsdækningen er eksporteret som CSV', 'Eksporten af tilsynsdækningen blev afvist', 'Eksporten af tilsynsdækningen fejlede']],
  ];
  it.each(cases)('%s: running, done, refused and failed each have their own heading and status', (kind, result, [running, done, refused, failed]) => {
    expect(jobPageModel({ ...base, kind, state: 'venter' })).toMatchObject({ heading: running, stateText: 'Venter på at blive startet', running: true });
    expect(jobPageModel({ ...base, kind })).toMatchObject({ heading: running, stateText: 'Kører', running: true, showProgress: true });
    const finished = jobPageModel({ ...base, kind, state: 'faerdig', progress: { done: 4, total: 4 }, result });
    expect(finished).toMatchObject({ heading: done, stateText: 'Færdig', running: false, failure: '' });
    expect(finished.summary).not.toBe('');
    expect(jobPageModel({ ...base, kind, state: 'fejlet', errors: [{ message: 'Ikke tilladt', rule: 'R13' }] })).toMatchObject({ heading: refused, outcome: 'afvist', stateText: 'Afvist', failure: 'Intet er ændret.', showProgress: false });
    const crashed = jobPageModel({ ...base, kind, state: 'fejlet', errors: [{ message: 'Jobbet fejlede uventet efter 3 forsøg: forbindelsen røg. Intet af det er gemt; start det igen.', unexpected: true }] });
    // The unexpected failure's own message says that nothing was saved: the page does not say it twice.
    expect(crashed).toMatchObject({ heading: failed, outcome: 'fejlet', stateText: 'Fejlet', failure: '', showProgress: false });
  });

  it('a publishing job that found nothing to publish does not claim it published anything', () => {
    expect(jobPageModel({ ...base, kind: 'datapakke-udgivelse', state: 'faerdig', progress: { done: 0, total: 0 }, result: { published: 0 } })).toMatchObject({
      heading: 'Ingen datapakker at udgive', summary: 'Der var ingen datapakker, der venter på at blive offentliggjort.', showProgress: false,
    });
  });

  it('a done job without a count shows no bar and says Færdig once', () => {
    const model = jobPageModel({ ...base, state: 'faerdig', progress: { done: 0, total: null }, result: { id: 'r', ageArea: '6-18', year: 2026, loopsStarted: 1 } });
    expect(model).toMatchObject({ showProgress: false, progressText: '', stateText: 'Færdig' });
  });
});
