import { authOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Milestone dates (R11, R13, R33), through the API as an administrator uses it
 * on 2026-11-30: nothing is dated in the future, a wrong date is corrected
 * with a reason and what it started is re-planned, and the expected treatment
 * of the next report is recorded in advance.
 */
describe('milestone dates: never in the future, corrected with a reason, planned in advance (R11, R13, R33)', () => {
  let t: TestApp;
  let admin: string;
  let report2025: { id: string };
  let report2027: { id: string; version: number };
  const loopsOf = (code: string) =>
    t.query<{ id: string; starts_on: string; expected_end_on: string; ended_on: string | null; state: string; year: number }>(
      `SELECT l.id, l.starts_on::text, l.expected_end_on::text, l.ended_on::text, l.state, r.year FROM learning_loop l
       JOIN unit u ON u.id = l.unit_id JOIN quality_report r ON r.id = l.quality_report_id WHERE u.code = $1 ORDER BY l.starts_on`,
      [code],
    );
  const obligationsOf = (loopId: string, kind: string) =>
    t.query<{ id: string; sequence: number; opens_on: string; due_on: string; state: string; reason: string | null }>(
      `SELECT id, sequence, opens_on::text, due_on::text, state, reason FROM obligation WHERE loop_id = $1 AND kind = $2 AND subject_key = '' ORDER BY sequence`,
      [loopId, kind],
    );
  const count = async (table: string) => (await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp({ today: '2023-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '0-6', 2023, '2023-03-22', ['Sprog']);
    t.clock.setToday('2025-03-01');
    report2025 = await treatReport(t, admin, '0-6', 2025, '2025-03-25', ['Sprog', 'Trivsel']);
    t.clock.setToday('2026-11-30');
    const created = await t.as(admin).post('/api/v1/quality-reports').send({ ageArea: '0-6', year: 2027, themes: ['Sprog'] }).expect(201);
    report2027 = created.body;
  });
  afterAll(() => t.close());

  it('R11: a milestone dated after today is refused (422 R11) and writes nothing', async () => {
    const http = t.as(admin);
    await http.post(`/api/v1/quality-reports/${report2027.id}/milestones`).send({ milestone: 'temaer_valgt', date: '2026-09-01' }).expect(200);
    await http.post(`/api/v1/quality-reports/${report2027.id}/milestones`).send({ milestone: 'raadmand_godkendt', date: '2026-10-01' }).expect(200);
    const before = [await count('transition'), await count('learning_loop')];
    const res = await http.post(`/api/v1/quality-reports/${report2027.id}/milestones`).send({ milestone: 'udvalg_droeftet', date: '2027-02-01' }).expect(422);
    expect(res.body.rule).toBe('R11');
    expect([await count('transition'), await count('learning_loop')]).toEqual(before);
    // Today itself is not the future.
    await http.post(`/api/v1/quality-reports/${report2027.id}/milestones`).send({ milestone: 'udvalg_droeftet', date: '2026-11-30' }).expect(200);
    const treat = await http.post(`/api/v1/quality-reports/${report2027.id}/milestones`).send({ milestone: 'byraad_behandlet', date: '2027-03-25' }).expect(422);
    expect(treat.body.rule).toBe('R11');
    // The running 0–6 loops are untouched: open, and still expected to end in March 2027.
    const [, current] = await loopsOf('DT-1');
    expect(current).toMatchObject({ state: 'runde1', expected_end_on: '2027-03-25', year: 2025 });
    expect(await count('learning_loop')).toBe(before[1]);
  });

  it('R13/R33: the expected treatment is recorded in advance (byraad_planlagt) and re-plans the running loops toward it', async () => {
    const [, loop] = await loopsOf('DT-1');
    const [opsamling] = await obligationsOf(loop!.id, 'loopopsamling');
    // R33: due 1 October of the year before the expected treatment.
    expect(opsamling).toMatchObject({ due_on: '2026-10-01', state: 'planned' });
    const followUpsBefore = await obligationsOf(loop!.id, 'ledelsesopfoelgning');
    const res = await t.as(admin).post(`/api/v1/quality-reports/${report2027.id}/milestones`).send({ milestone: 'byraad_planlagt', date: '2027-05-20' }).expect(200);
    expect(res.body).toMatchObject({ byraadPlanlagtOn: '2027-05-20', byraadBehandletOn: null, state: 'udvalg_droeftet' });
    const [, moved] = await loopsOf('DT-1');
    expect(moved).toMatchObject({ expected_end_on: '2027-05-20', state: 'runde1' });
    // The loop now runs to May 2027: the March–April 2027 follow-up window is added.
    const followUps = await obligationsOf(loop!.id, 'ledelsesopfoelgning');
    expect(followUps.length).toBe(followUpsBefore.length + 1);
    expect(followUps[followUps.length - 1]).toMatchObject({ due_on: '2027-04-30', state: 'planned' });
    // A planned date outside the report's year, or after a treatment, is refused.
    const wrongYear = await t.as(admin).post(`/api/v1/quality-reports/${report2027.id}/milestones`).send({ milestone: 'byraad_planlagt', date: '2028-03-01' }).expect(422);
    expect(wrongYear.body.rule).toBe('R13');
    const treated = await t.as(admin).post(`/api/v1/quality-reports/${report2025.id}/milestones`).send({ milestone: 'byraad_planlagt', date: '2025-03-01' }).expect(422);
    expect(treated.body.rule).toBe('R13');
  });

  it('R13/R33: a planned date earlier than expected moves windows after it out of the loop with a stated reason, never silently', async () => {
    await t.as(admin).post(`/api/v1/quality-reports/${report2027.id}/milestones`).send({ milestone: 'byraad_planlagt', date: '2027-02-10' }).expect(200);
    const [, loop] = await loopsOf('DT-1');
    const followUps = await obligationsOf(loop!.id, 'ledelsesopfoelgning');
    const gone = followUps.filter((o) => o.due_on >= '2027-02-10');
    expect(gone.length).toBeGreaterThan(0);
    for (const o of gone) {
      expect(o.state).toBe('cancelled');
      expect(o.reason).toMatch(/ikke længere i loopets plan: forventet behandling af næste kvalitetsrapport 2027-02-10/);
    }
    const [opsamling] = await obligationsOf(loop!.id, 'loopopsamling');
    expect(opsamling).toMatchObject({ due_on: '2026-10-01' });
  });

  it('R11: only an administrator corrects a date, always with a reason; the date may not be in the future or break the order', async () => {
    const chef = await authOf(t, 'chef.nord@test.dk');
    const url = `/api/v1/quality-reports/${report2025.id}/milestones/byraad_behandlet`;
    await t.as(chef).patch(url).send({ date: '2025-03-18', reason: 'Tastefejl' }).expect(403);
    await t.as(admin).patch(url).send({ date: '2025-03-18' }).expect(400);
    await t.as(admin).patch(url).send({ date: '2025-03-18', reason: '   ' }).expect(400);
    await t.as(admin).patch(`/api/v1/quality-reports/${report2025.id}/milestones/ukendt`).send({ date: '2025-03-18', reason: 'x' }).expect(400);
    expect((await t.as(admin).patch(url).send({ date: '2026-12-01', reason: 'x' }).expect(422)).body.rule).toBe('R11');
    // Before the previous milestone (udvalg_droeftet 2025-02-01).
    expect((await t.as(admin).patch(url).send({ date: '2025-01-15', reason: 'x' }).expect(422)).body.rule).toBe('R11');
    // A milestone not yet recorded cannot be corrected.
    const notYet = await t.as(admin).patch(`/api/v1/quality-reports/${report2025.id}/milestones/opsamlet`).send({ date: '2025-03-18', reason: 'x' }).expect(422);
    expect(notYet.body.rule).toBe('R11');
  });

  it('R11/R13: correcting the treatment date moves the loops it started and closed, re-plans them, and keeps the reason in the audit trail', async () => {
    const [old, loop] = await loopsOf('DT-1');
    const res = await t.as(admin).patch(`/api/v1/quality-reports/${report2025.id}/milestones/byraad_behandlet`).send({ date: '2025-03-18', reason: 'Byrådsmødet var den 18. marts' }).expect(200);
    expect(res.body).toMatchObject({ byraadBehandletOn: '2025-03-18' });
    expect(res.body.milestones.byraad_behandlet).toBe('2025-03-18');
    const [oldAfter, loopAfter] = await loopsOf('DT-1');
    expect(loopAfter).toMatchObject({ id: loop!.id, starts_on: '2025-03-18' });
    expect(oldAfter).toMatchObject({ id: old!.id, state: 'lukket', ended_on: '2025-03-18' });
    // Samtale 1's window runs from the corrected date (R21), its datapakke is due then.
    const [samtale1] = await obligationsOf(loop!.id, 'laeringssamtale');
    expect(samtale1).toMatchObject({ opens_on: '2025-03-18', due_on: '2025-05-27' });
    const [pakke1] = await obligationsOf(loop!.id, 'datapakke');
    expect(pakke1!.due_on).toBe('2025-03-18');
    const [trail] = await t.query<{ reason: string; payload: { from: string; to: string } }>(
      `SELECT reason, payload FROM transition WHERE quality_report_id = $1 AND event = 'CORRECTED:byraad_behandlet'`,
      [report2025.id],
    );
    expect(trail).toMatchObject({ reason: 'Byrådsmødet var den 18. marts', payload: { from: '2025-03-25', to: '2025-03-18' } });
    const moved = await t.query(`SELECT 1 FROM transition WHERE obligation_id = $1 AND event = 'REPLANNED' AND reason LIKE '%2025-03-25 til 2025-03-18%'`, [samtale1!.id]);
    expect(moved).toHaveLength(1);
  });

  it('R11: a correction that would put something already held before the loop’s start is refused', async () => {
    const [, loop] = await loopsOf('DT-1');
    const [followUp] = await obligationsOf(loop!.id, 'ledelsesopfoelgning');
    await t.as(await authOf(t, 'chef.nord@test.dk')).post(`/api/v1/obligations/${followUp!.id}/complete`).send({ heldOn: '2025-04-01' }).expect(200);
    const res = await t.as(admin).patch(`/api/v1/quality-reports/${report2025.id}/milestones/byraad_behandlet`).send({ date: '2025-04-10', reason: 'x' }).expect(422);
    expect(res.body.rule).toBe('R11');
    const [, unchanged] = await loopsOf('DT-1');
    expect(unchanged!.starts_on).toBe('2025-03-18');
  });

  it('R11: correcting another milestone changes only its date, with the reason in the trail', async () => {
    const res = await t.as(admin).patch(`/api/v1/quality-reports/${report2027.id}/milestones/temaer_valgt`).send({ date: '2026-08-28', reason: 'Netværksmødet blev holdt 28. august' }).expect(200);
    expect(res.body.milestones).toMatchObject({ temaer_valgt: '2026-08-28', raadmand_godkendt: '2026-10-01' });
  });
});
