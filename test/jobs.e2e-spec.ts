import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { JobsService } from '../src/modules/jobs';
import { TREATMENT_JOB, type TreatmentJobInput } from '../src/modules/quality-reports';
import { authOf, followJob, idOf, seedOrganisation } from './support/fixtures';
import { createTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

/**
 * Long work as jobs (issue 15): the byråd's treatment answers 202 with the
 * job's address; the job is stored in PostgreSQL, survives a restart, says
 * why it failed in Danish, only its starter and administrators see it, and an
 * attempt interrupted midway and run again leaves exactly what one clean run
 * leaves.
 */
describe('jobs (issue 15)', () => {
  /** A report of 2020 for 6–18 with every milestone but the treatment. */
  async function reportBeforeTreatment(t: TestApp, admin: string): Promise<string> {
    const http = t.as(admin);
    const report = (await http.post('/api/v1/quality-reports').send({ ageArea: '6-18', year: 2020, themes: ['Trivsel'] }).expect(201)).body;
    for (const [milestone, date] of [['temaer_valgt', '2019-09-01'], ['raadmand_godkendt', '2019-10-01'], ['udvalg_droeftet', '2020-02-01']]) {
      await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone, date }).expect(200);
    }
    return report.id;
  }

  /** What a treatment leaves, by natural keys (ids differ between databases). */
  async function footprint(t: TestApp) {
    return {
      loops: await t.query(
        `SELECT u.code, l.state, l.starts_on::text, l.expected_end_on::text FROM learning_loop l JOIN unit u ON u.id = l.unit_id ORDER BY u.code`,
      ),
      obligations: await t.query(
        `SELECT u.code, o.kind, o.sequence, coalesce(p.email, o.subject_key) AS subject, o.state, o.opens_on::text, o.due_on::text
           FROM obligation o JOIN unit u ON u.id = o.unit_id LEFT JOIN person p ON p.id::text = o.subject_key ORDER BY 1, 2, 3, 4, 6, 7`,
      ),
      trail: await t.query(`SELECT event, count(*)::int AS n FROM transition GROUP BY event ORDER BY event`),
      report: await t.query(`SELECT state, byraad_behandlet_on::text, version FROM quality_report`),
    };
  }

  describe('the treatment as a job', () => {
    let t: TestApp;
    let admin: string;
    let reportId: string;

    beforeAll(async () => {
      t = await createTestApp({ today: '2020-03-25' });
      admin = (await t.person('admin@test.local')).auth;
      await seedOrganisation(t, admin);
      reportId = await reportBeforeTreatment(t, admin);
    });
    afterAll(() => t.close());

    it('R13: refusals still answer the request itself (422, 409), and nothing is enqueued', async () => {
      const http = t.as(admin);
      t.clock.setToday('2021-06-01');
      const wrongYear = await http.post(`/api/v1/quality-reports/${reportId}/milestones`).send({ milestone: 'byraad_behandlet', date: '2021-03-20' }).expect(422);
      t.clock.setToday('2020-03-25');
      expect(wrongYear.body.rule).toBe('R13');
      await http.post(`/api/v1/quality-reports/${reportId}/milestones`).send({ milestone: 'byraad_behandlet', date: '2020-03-25', version: 999 }).expect(409);
      expect(await t.query(`SELECT 1 FROM job_run WHERE kind = 'byraadsbehandling'`)).toEqual([]);
    });

    it('answers 202 with the job’s address at once; the job reports progress and ends with the report and its loops', async () => {
      const res = await t.as(admin).post(`/api/v1/quality-reports/${reportId}/milestones`).send({ milestone: 'byraad_behandlet', date: '2020-03-25' }).expect(202);
      expect(res.headers.location).toMatch(/^\/api\/v1\/jobs\/[0-9a-f-]{36}$/);
      expect(res.body).toEqual({ jobId: expect.any(String), location: res.headers.location, state: 'venter' });
      const job = await followJob(t, admin, res.headers.location as string);
      expect(job).toMatchObject({ state: 'faerdig', attempts: 1, progress: { done: 4, total: 4 }, errors: null });
      expect(job.result).toMatchObject({ id: reportId, byraadBehandletOn: '2020-03-25', state: 'byraad_behandlet', loopsStarted: 2 });
    });

    it('R40/R41: publishing an age area’s datapakker is a job too, counting units; a unit’s stays a plain 200', async () => {
      await t.as(admin).post('/api/v1/datapakker/publish').send({ ageArea: '6-18', publishedOn: '2020-04-01' }).expect(422);
      const res = await t.as(admin).post('/api/v1/datapakker/publish').send({ ageArea: '6-18' }).expect(202);
      const job = await followJob(t, admin, res.headers.location as string);
      expect(job).toMatchObject({ kind: 'datapakke-udgivelse', state: 'faerdig', result: { published: 2 }, progress: { done: 2, total: 2 } });
      const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM obligation WHERE kind = 'datapakke' AND completed_on = '2020-03-25'`);
      expect(n).toBe(2);
      await t.as(admin).post('/api/v1/datapakker/publish').send({ unitId: await idOf(t, 'unit', 'SK-1') }).expect(200, { published: 0 });
    });

    it('only the person who started a job and administrators see it; anyone else gets 404, as for a job that does not exist', async () => {
      const chef = await idOf(t, 'person', 'chef.vest@test.dk');
      const [{ id }] = await t.query<{ id: string }>(
        `INSERT INTO job_run (id, kind, started_by_person_id, state) VALUES (gen_random_uuid(), 'organisationsimport', $1, 'venter') RETURNING id`,
        [chef],
      );
      await t.as(await authOf(t, 'chef.vest@test.dk')).get(`/api/v1/jobs/${id}`).expect(200);
      const other = await t.as(await authOf(t, 'chef.nord@test.dk')).get(`/api/v1/jobs/${id}`).expect(404);
      expect(other.body.message).toBe('Jobbet findes ikke');
      await t.as(admin).get(`/api/v1/jobs/${id}`).expect(200);
      await t.as(admin).get('/api/v1/jobs/00000000-0000-4000-8000-000000000000').expect(404);
      await t.as(admin).get('/api/v1/jobs/ikke-et-id').expect(400);
      await t.http.get(`/api/v1/jobs/${id}`).expect(401);
    });

    it('R13: a job refused when it runs fails with the rule and the reason in Danish, and writes nothing', async () => {
      const before = await footprint(t);
      const jobs = t.app.get(JobsService);
      const adminId = await idOf(t, 'person', 'admin@test.local');
      // The report was treated meanwhile: treating it on another date is refused when the job runs.
      const { id } = await jobs.enqueue<TreatmentJobInput>(TREATMENT_JOB, { reportId, date: '2020-03-20' }, adminId);
      const job = await followJob(t, admin, `/api/v1/jobs/${id}`);
      expect(job.state).toBe('fejlet');
      expect(job.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/[a-zæøå]/) })]);
      const missing = await jobs.enqueue<TreatmentJobInput>(TREATMENT_JOB, { reportId: '00000000-0000-4000-8000-000000000000', date: '2020-03-25' }, adminId);
      expect((await followJob(t, admin, `/api/v1/jobs/${missing.id}`)).errors).toEqual([{ message: 'Kvalitetsrapporten findes ikke' }]);
      expect(await footprint(t)).toEqual(before);
    });
  });

  it('R13/R70: a treatment interrupted midway and run again leaves exactly what one clean run leaves; running it once more changes nothing', async () => {
    const clean = await createTestApp({ today: '2020-03-25' });
    const crashed = await createTestApp({ today: '2020-03-25' });
    try {
      const cleanAdmin = (await clean.person('admin@test.local')).auth;
      await seedOrganisation(clean, cleanAdmin);
      const cleanReport = await reportBeforeTreatment(clean, cleanAdmin);
      const ok = await clean.as(cleanAdmin).post(`/api/v1/quality-reports/${cleanReport}/milestones`).send({ milestone: 'byraad_behandlet', date: '2020-03-25' }).expect(202);
      const cleanJob = await followJob(clean, cleanAdmin, ok.headers.location as string);
      expect(cleanJob.state).toBe('faerdig');

      const admin = (await crashed.person('admin@test.local')).auth;
      await seedOrganisation(crashed, admin);
      const reportId = await reportBeforeTreatment(crashed, admin);
      const adminId = await idOf(crashed, 'person', 'admin@test.local');
      const beforeTreatment = await footprint(crashed);
      const handler = crashed.app.get(JobsService).handlerOf<TreatmentJobInput, { loopsStarted: number }>(TREATMENT_JOB);
      // The attempt dies after the loops are opened and before their obligations are generated.
      const dying = { jobId: 'x', attempt: 1, startedBy: adminId, progress: async (done: number) => { if (done === 3) throw new Error('processen døde'); }, finishIn: async () => undefined };
      await expect(handler({ reportId, date: '2020-03-25' }, dying)).rejects.toThrow('processen døde');
      expect(await footprint(crashed)).toEqual(beforeTreatment);

      // Run again, as pg-boss hands the job out after the lost attempt.
      const again = await crashed.as(admin).post(`/api/v1/quality-reports/${reportId}/milestones`).send({ milestone: 'byraad_behandlet', date: '2020-03-25' }).expect(202);
      const job = await followJob(crashed, admin, again.headers.location as string);
      expect(job.state).toBe('faerdig');
      expect(job.result.loopsStarted).toBe(cleanJob.result.loopsStarted);
      const afterRerun = await footprint(crashed);
      expect(afterRerun).toEqual(await footprint(clean));

      // An attempt that committed and died before it was marked done runs once more: same result, nothing new.
      const quiet = { jobId: 'y', attempt: 2, startedBy: adminId, progress: async () => undefined, finishIn: async () => undefined };
      expect((await handler({ reportId, date: '2020-03-25' }, quiet)).loopsStarted).toBe(cleanJob.result.loopsStarted);
      expect(await footprint(crashed)).toEqual(afterRerun);
    } finally {
      await clean.close();
      await crashed.close();
    }
  });

  it('a job survives a restart: enqueued by a process that does not run jobs and then stops, it is run by the next one', async () => {
    const t = await createTestApp({ today: '2020-03-25' });
    const apps: INestApplication[] = [];
    const start = async (worker: boolean) => {
      const app = await createApp({ databaseUrl: t.databaseUrl, clock: new Clock('2020-03-25'), scheduler: false, auth: { secret: TEST_JWT_SECRET }, jobs: { worker, pollingIntervalSeconds: 0.5 } });
      await app.init();
      apps.push(app);
      return app;
    };
    try {
      const admin = (await t.person('admin@test.local')).auth;
      await seedOrganisation(t, admin);
      const reportId = await reportBeforeTreatment(t, admin);
      // Only the processes started here may run jobs from now on.
      await t.app.get(JobsService).onApplicationShutdown();
      const first = await start(false);
      const res = await request(first.getHttpServer()).post(`/api/v1/quality-reports/${reportId}/milestones`).set('Authorization', admin).send({ milestone: 'byraad_behandlet', date: '2020-03-25' }).expect(202);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await request(first.getHttpServer()).get(res.headers.location as string).set('Authorization', admin).expect(200)).body.state).toBe('venter');
      await first.close();
      const next = await start(true);
      const until = Date.now() + 60_000;
      let job: { state: string; attempts: number; result: { loopsStarted: number } };
      do {
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = (await request(next.getHttpServer()).get(res.headers.location as string).set('Authorization', admin).expect(200)).body;
      } while (job.state !== 'faerdig' && job.state !== 'fejlet' && Date.now() < until);
      expect(job).toMatchObject({ state: 'faerdig', attempts: 1 });
      expect(job.result.loopsStarted).toBe(2);
    } finally {
      for (const app of apps) await app.close().catch(() => undefined);
      await t.close();
    }
  });
});
