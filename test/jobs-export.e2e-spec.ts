import { COVERAGE_EXPORT_JOB, type CoverageExportInput, type CoverageExportResult } from '../src/modules/audit';
import { JOB_FILE_CHUNK_BYTES, JobFiles, JobsService } from '../src/modules/jobs';
import { DATAPAKKE_RELEASE_JOB, type DatapakkeReleaseJobInput } from '../src/modules/obligations';
import { authOf, followJob, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { DataSource } from 'typeorm';

function binary(res: any, callback: (err: Error | null, body: any) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * Issue 15, the rest of "long work as jobs": the coverage CSV of a large
 * slice as an export job whose file is stored in PostgreSQL and downloaded by
 * its starter or an administrator only, and the datapakke release (R42) as a
 * job; both count units as progress, fail in Danish, and a rerun after a
 * crash leaves what one clean run leaves.
 */
describe('export and release jobs (issue 15)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-06-01' });
    admin = (await t.person('admin@test.local')).auth;
    adminId = await idOf(t, 'person', 'admin@test.local');
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Trivsel']);
  });
  afterAll(() => t.close());

  describe('R80: the coverage CSV as an export job', () => {
    it('answers 202 with the job’s address; the job counts units and ends with a file equal to GET ?format=csv', async () => {
      const res = await t.as(admin).post('/api/v1/audit/coverage/exports').send({ from: '2020-01-01', to: '2020-12-31' }).expect(202);
      expect(res.headers.location).toMatch(/^\/api\/v1\/jobs\/[0-9a-f-]{36}$/);
      const job = await followJob(t, admin, res.headers.location as string);
      const [{ n: units }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM unit`);
      expect(job).toMatchObject({ kind: COVERAGE_EXPORT_JOB, state: 'faerdig', progress: { done: units, total: units }, errors: null });
      expect(job.result).toMatchObject({ filename: 'tilsynsdaekning-2020-01-01-2020-12-31.csv', units, from: '2020-01-01', to: '2020-12-31' });
      const file = await t.as(admin).get(`${res.headers.location}/file`).buffer(true).parse(binary).expect(200);
      expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(file.headers['content-disposition']).toBe('attachment; filename="tilsynsdaekning-2020-01-01-2020-12-31.csv"');
      const direct = await t.as(admin).get('/api/v1/audit/coverage?from=2020-01-01&to=2020-12-31&format=csv').buffer(true).parse(binary).expect(200);
      expect((file.body as Buffer).equals(direct.body as Buffer)).toBe(true);
      expect(job.result.bytes).toBe((file.body as Buffer).length);
    });

    it('R3: only the starter and administrators see the job and its file; anyone else gets 404; a chef’s export holds only their units', async () => {
      const vest = await authOf(t, 'chef.vest@test.dk');
      const res = await t.as(vest).post('/api/v1/audit/coverage/exports').send({ from: '2020-01-01', to: '2020-12-31' }).expect(202);
      const job = await followJob(t, vest, res.headers.location as string);
      expect(job).toMatchObject({ state: 'faerdig', progress: { done: 3, total: 3 }, result: { units: 3 } });
      const mine = await t.as(vest).get(`${res.headers.location}/file`).buffer(true).parse(binary).expect(200);
      const codes = (mine.body as Buffer).toString('utf8').split('\r\n').slice(1, 4).map((line) => line.split(';')[0]).sort();
      expect(codes).toEqual(['DT-2', 'FU-1', 'SK-1']);
      await t.as(admin).get(`${res.headers.location}/file`).expect(200);
      const nord = await authOf(t, 'chef.nord@test.dk');
      expect((await t.as(nord).get(`${res.headers.location}/file`).expect(404)).body.message).toBe('Jobbet findes ikke');
      await t.as(nord).get(res.headers.location as string).expect(404);
      await t.http.get(`${res.headers.location}/file`).expect(401);
    });

    it('refuses a bad period at once (400 naming the field), and a job whose slice the audit refuses fails in Danish', async () => {
      const before = await t.query(`SELECT count(*)::int AS n FROM job_run`);
      const bad = await t.as(admin).post('/api/v1/audit/coverage/exports').send({ from: '2020-12-31', to: '2020-01-01' }).expect(400);
      expect(bad.body.message).toBe('Ugyldigt input: from skal ligge før eller på to');
      await t.as(admin).post('/api/v1/audit/coverage/exports').send({ from: 'i går', to: '2020-01-01' }).expect(400);
      expect(await t.query(`SELECT count(*)::int AS n FROM job_run`)).toEqual(before);
      const long = await t.as(admin).post('/api/v1/audit/coverage/exports').send({ from: '2000-01-01', to: '2020-12-31' }).expect(202);
      const failed = await followJob(t, admin, long.headers.location as string);
      expect(failed.state).toBe('fejlet');
      expect(failed.errors![0]!.message).toMatch(/^Ugyldigt input: to må højst ligge \d+ år efter from$/);
      expect((await t.as(admin).get(`${long.headers.location}/file`).expect(404)).body.message).toBe('Jobbet har ingen fil (endnu)');
    });

    it('keeps files seven days: an older file is deleted by the next export, and its download says so in Danish', async () => {
      const old = await t.as(admin).post('/api/v1/audit/coverage/exports').send({ from: '2020-01-01', to: '2020-06-30' }).expect(202);
      await followJob(t, admin, old.headers.location as string);
      const oldId = (old.headers.location as string).split('/').pop();
      await t.query(`UPDATE job_run SET finished_at = now() - interval '8 days' WHERE id = $1`, [oldId]);
      const next = await t.as(admin).post('/api/v1/audit/coverage/exports').send({ from: '2020-01-01', to: '2020-06-30' }).expect(202);
      await followJob(t, admin, next.headers.location as string);
      expect(await t.query(`SELECT count(*)::int AS n FROM job_file_chunk WHERE job_id = $1`, [oldId])).toEqual([{ n: 0 }]);
      const gone = await t.as(admin).get(`${old.headers.location}/file`).expect(404);
      expect(gone.body.message).toBe('Filen er slettet; filer gemmes i 7 dage efter jobbet. Start en ny eksport.');
      await t.as(admin).get(`${next.headers.location}/file`).expect(200);
    });

    it('an export that dies before it commits leaves no file; run again it writes the same file as a clean run', async () => {
      // A job row of its own, not handed to the queue, so no worker runs it meanwhile.
      const [{ id }] = await t.query<{ id: string }>(`INSERT INTO job_run (id, kind, started_by_person_id, state) VALUES (gen_random_uuid(), $1, $2, 'koerer') RETURNING id`, [COVERAGE_EXPORT_JOB, adminId]);
      const handler = t.app.get(JobsService).handlerOf<CoverageExportInput, CoverageExportResult>(COVERAGE_EXPORT_JOB);
      const input: CoverageExportInput = { from: '2020-01-01', to: '2020-12-31' };
      const dying = { jobId: id, attempt: 1, startedBy: adminId, progress: async () => undefined, finishIn: async () => { throw new Error('processen døde'); } };
      await expect(handler(input, dying)).rejects.toThrow('processen døde');
      expect(await t.query(`SELECT count(*)::int AS n FROM job_file_chunk WHERE job_id = $1`, [id])).toEqual([{ n: 0 }]);
      const finishIn = async (em: { query: (sql: string, params: unknown[]) => Promise<unknown> }, result: unknown) => {
        await em.query(`UPDATE job_run SET state = 'faerdig', result = $2::jsonb, finished_at = now() WHERE id = $1`, [id, JSON.stringify(result)]);
      };
      await handler(input, { jobId: id, attempt: 2, startedBy: adminId, progress: async () => undefined, finishIn: finishIn as never });
      const rerun = await t.as(admin).get(`/api/v1/jobs/${id}/file`).buffer(true).parse(binary).expect(200);
      const direct = await t.as(admin).get('/api/v1/audit/coverage?from=2020-01-01&to=2020-12-31&format=csv').buffer(true).parse(binary).expect(200);
      expect((rerun.body as Buffer).equals(direct.body as Buffer)).toBe(true);
    });

    it('stores a file in pieces of 256 KiB and gives it back whole, piece by piece', async () => {
      const [{ id }] = await t.query<{ id: string }>(`INSERT INTO job_run (id, kind, started_by_person_id, state) VALUES (gen_random_uuid(), $1, $2, 'koerer') RETURNING id`, [COVERAGE_EXPORT_JOB, adminId]);
      const files = t.app.get(JobFiles);
      const content = Buffer.alloc(2 * JOB_FILE_CHUNK_BYTES + 1000, 'æøå;\r\n');
      await t.app.get(DataSource).transaction(async (em) => {
        const out = await files.writer(em, id);
        for (let i = 0; i < content.length; i += 70_000) out.write(content.subarray(i, i + 70_000));
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
        expect(out.bytes()).toBe(content.length);
      });
      const pieces = await t.query<{ seq: number; n: number }>(`SELECT seq, length(data) AS n FROM job_file_chunk WHERE job_id = $1 ORDER BY seq`, [id]);
      expect(pieces).toEqual([{ seq: 0, n: JOB_FILE_CHUNK_BYTES }, { seq: 1, n: JOB_FILE_CHUNK_BYTES }, { seq: 2, n: 1000 }]);
      await t.query(`UPDATE job_run SET state = 'faerdig', result = $2::jsonb WHERE id = $1`, [id, JSON.stringify({ filename: 'x.csv', contentType: 'text/csv; charset=utf-8', bytes: content.length })]);
      const back = await t.as(admin).get(`/api/v1/jobs/${id}/file`).buffer(true).parse(binary).expect(200);
      expect((back.body as Buffer).equals(content)).toBe(true);
    });
  });

  describe('R42: the datapakke release as a job', () => {
    it('a release that dies midway writes nothing; run again it publishes what one clean run does', async () => {
      const input: DatapakkeReleaseJobInput = { ageArea: '6-18', halfYear: '2020-foraar', variant: '', publishedOn: '2020-05-01' };
      const handler = t.app.get(JobsService).handlerOf<DatapakkeReleaseJobInput, { published: number }>(DATAPAKKE_RELEASE_JOB);
      const published = () => t.query(`SELECT o.unit_id, o.sequence, o.completed_on::text FROM obligation o WHERE o.kind = 'datapakke' AND o.state = 'completed' ORDER BY 1, 2`);
      const before = await published();
      // The attempt dies once the units are counted, before the commit.
      const dying = { jobId: 'x', attempt: 1, startedBy: adminId, progress: async (done: number) => { if (done > 0) throw new Error('processen døde'); }, finishIn: async () => undefined };
      await expect(handler(input, dying)).rejects.toThrow('processen døde');
      expect(await t.query(`SELECT * FROM datapakke_release`)).toEqual([]);
      expect(await published()).toEqual(before);
      const res = await t.as(admin).post('/api/v1/datapakker/releases').send({ ageArea: '6-18', halfYear: '2020-foraar', publishedOn: '2020-05-01' }).expect(202);
      const job = await followJob(t, admin, res.headers.location as string);
      expect(job).toMatchObject({ state: 'faerdig', progress: { done: 2, total: 2 }, result: { halfYear: '2020-foraar', published: 2 } });
      expect((await published()).length).toBe(before.length + 2);
      // A release made meanwhile refuses the same job when it runs again: it fails with the Danish 409 message.
      const again = await t.app.get(JobsService).enqueue(DATAPAKKE_RELEASE_JOB, input, adminId);
      expect((await followJob(t, admin, `/api/v1/jobs/${again.id}`)).errors).toEqual([{ message: 'Datapakken for 6–18 år, 2020-foraar er allerede udgivet' }]);
    });
  });
});
