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

  it('a failed job shows its Danish errors, or says that it has none', () => {
    expect(jobPageModel({ ...base, state: 'fejlet', errors: [{ message: 'Kvalitetsrapporten findes ikke' }] }).errors).toEqual([{ message: 'Kvalitetsrapporten findes ikke' }]);
    expect(jobPageModel({ ...base, state: 'fejlet' }).errors).toEqual([{ message: 'Jobbet fejlede uden en forklaring' }]);
  });
});
