import { authOf, followJob, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

interface Ob {
  id: string;
  kind: string;
  sequence: number;
  subjectKey: string;
  opensOn: string;
  dueOn: string;
  state: string;
  responsibleRole: string;
  responsiblePersonId: string | null;
  loopId: string;
}

/**
 * The source's own scenario (002 ≈ l.1030–1250; 000 ≈ l.221): the 6–18
 * report for 2020 treated by the byråd on 2020-03-25 drives a kommunal
 * skole's two-year loop; the 0–6 report of 2021 drives a selvejende dagtilbud's.
 */
describe('the learning loop from the source (R10–R30, R40, R50, R60–R61, R70)', () => {
  let t: TestApp;
  let admin: string;
  const obligations = async (unitCode: string, query = '') =>
    (await t.as(admin).get(`/api/v1/units/${await idOf(t, 'unit', unitCode)}/obligations?limit=500${query}`).expect(200)).body.items as Ob[];

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-03-25' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
  });
  afterAll(() => t.close());

  it('R10: refuses a 6-18 report in an odd year and a 0-6 report in an even year', async () => {
    const odd = await t.as(admin).post('/api/v1/quality-reports').send({ ageArea: '6-18', year: 2021, themes: ['Fravær'] }).expect(422);
    expect(odd.body.rule).toBe('R10');
    expect((await t.as(admin).post('/api/v1/quality-reports').send({ ageArea: '0-6', year: 2022, themes: ['x'] }).expect(422)).body.rule).toBe('R10');
    expect(await t.query(`SELECT * FROM quality_report`)).toEqual([]);
  });

  it('R12: a report has a few themes (at least one, text); duplicates collapse', async () => {
    const http = t.as(admin);
    await http.post('/api/v1/quality-reports').send({ ageArea: '0-6', year: 2023, themes: [] }).expect(400);
    await http.post('/api/v1/quality-reports').send({ ageArea: '0-6', year: 2023, themes: [42] }).expect(400);
    expect(await t.query(`SELECT * FROM quality_report`)).toEqual([]);
    const created = await http.post('/api/v1/quality-reports').send({ ageArea: '0-6', year: 2023, themes: ['Sprog', ' Sprog ', 'Trivsel'] }).expect(201);
    expect(created.body.themes).toEqual(['Sprog', 'Trivsel']);
  });

  it('R11: milestones only in order, each dated no earlier than the last; bad input writes nothing', async () => {
    const http = t.as(admin);
    const report = (await http.post('/api/v1/quality-reports').send({ ageArea: '6-18', year: 2020, themes: ['Fravær', 'Læringsmiljø', 'Faglig udvikling'] }).expect(201)).body;
    const skipped = await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone: 'byraad_behandlet', date: '2020-03-25' }).expect(422);
    expect(skipped.body.rule).toBe('R11');
    await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone: 'temaer_valgt', date: '2020-31-01' }).expect(400);
    await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone: 'temaer_valgt', date: '2019-09-01' }).expect(200);
    const backwards = await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone: 'raadmand_godkendt', date: '2019-08-01' }).expect(422);
    expect(backwards.body.rule).toBe('R11');
    await http.post('/api/v1/quality-reports/00000000-0000-4000-8000-000000000000/milestones').send({ milestone: 'temaer_valgt', date: '2019-09-01' }).expect(404);
    for (const [milestone, date] of [['raadmand_godkendt', '2019-10-01'], ['udvalg_droeftet', '2020-02-01']]) {
      await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone, date }).expect(200);
    }
    expect(await t.query(`SELECT * FROM learning_loop`)).toEqual([]);
    // R13: the treatment starts a loop for every active skole and FU unit.
    // The treatment is a job (issue 15): 202 with its address, then its result.
    const accepted = await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone: 'byraad_behandlet', date: '2020-03-25' }).expect(202);
    expect(accepted.headers.location).toBe(accepted.body.location);
    const treated = await followJob(t, admin, accepted.headers.location as string);
    expect(treated).toMatchObject({ state: 'faerdig', progress: { done: 4, total: 4 }, errors: null });
    expect(treated.result.loopsStarted).toBe(2);
    expect(treated.result.byraadBehandletOn).toBe('2020-03-25');
  });

  it('R20/R21: four samtaler: spring 2020 within 10 weeks of the treatment, autumn 2020, spring 2021, autumn 2021', async () => {
    const samtaler = await obligations('SK-1', '&kind=laeringssamtale');
    expect(samtaler.map((s) => [s.sequence, s.opensOn, s.dueOn])).toEqual([
      [1, '2020-03-25', '2020-06-03'],
      [2, '2020-08-01', '2020-12-15'],
      [3, '2021-02-01', '2021-06-30'],
      [4, '2021-08-01', '2021-12-15'],
    ]);
    const chef = await idOf(t, 'person', 'chef.vest@test.dk');
    expect(samtaler.every((s) => s.responsibleRole === 'chef' && s.responsiblePersonId === chef)).toBe(true);
  });

  it('R40/R41: a datapakke due no later than each samtale window opens', async () => {
    const samtaler = await obligations('SK-1', '&kind=laeringssamtale');
    const pakker = await obligations('SK-1', '&kind=datapakke');
    expect(pakker).toHaveLength(4);
    for (const pakke of pakker) {
      const samtale = samtaler.find((s) => s.sequence === pakke.sequence)!;
      expect(pakke.dueOn <= samtale.opensOn).toBe(true);
      expect(pakke.responsibleRole).toBe('admin');
    }
  });

  it('R50: 12 follow-ups over the two years, six of them due in calendar 2021', async () => {
    const followUps = (await obligations('SK-1', '&kind=ledelsesopfoelgning')).filter((o) => o.subjectKey === '');
    expect(followUps).toHaveLength(12);
    expect(followUps.filter((o) => o.dueOn.startsWith('2021-'))).toHaveLength(6);
    expect(followUps.every((o) => o.responsibleRole === 'chef')).toBe(true);
  });

  it('R51: the same follow-ups between the leader and each registered next-layer leader', async () => {
    const pl = await idOf(t, 'person', 'pl.sk1@test.dk');
    const leader = await idOf(t, 'person', 'leder.sk1@test.dk');
    const sub = (await obligations('SK-1', '&kind=ledelsesopfoelgning')).filter((o) => o.subjectKey === pl);
    expect(sub).toHaveLength(12);
    expect(sub.every((o) => o.responsibleRole === 'leader' && o.responsiblePersonId === leader)).toBe(true);
    expect((await obligations('FU-1', '&kind=ledelsesopfoelgning')).filter((o) => o.subjectKey !== '')).toEqual([]);
  });

  it('R29, R27, R30: elevinput before samtale 1, bestyrelsesinput for samtaler 2–4, loopopsamling before the 2022 treatment', async () => {
    const [samtale1] = await obligations('SK-1', '&kind=laeringssamtale');
    const [elevinput] = await obligations('SK-1', '&kind=elevinput');
    expect(elevinput!.dueOn < samtale1!.dueOn).toBe(true);
    expect((await obligations('FU-1', '&kind=elevinput'))).toHaveLength(1);
    expect((await obligations('SK-1', '&kind=bestyrelsesinput')).map((o) => o.sequence)).toEqual([2, 3, 4]);
    const [opsamling] = await obligations('SK-1', '&kind=loopopsamling');
    expect(opsamling!.dueOn < '2022-03-25').toBe(true);
    // R70: the dagtilbud belong to the 0–6 area and got nothing from a 6–18 report.
    expect(await obligations('DT-1')).toEqual([]);
  });

  it('R70: generating again creates no duplicates', async () => {
    // The first pass also generates the statutory cycles (R74: visits, tilsynsrapporter, skoleudviklingssamtaler); the second must add nothing.
    await t.app.get((await import('../src/modules/scheduler/scheduler.service')).SchedulerService).runPass();
    const before = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM obligation`);
    await t.app.get((await import('../src/modules/scheduler/scheduler.service')).SchedulerService).runPass();
    const after = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM obligation`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('R60/R61: a selvejende dagtilbud under the 2021 0–6 report: the board convenes, and reports its tilsyn every 1 December', async () => {
    t.clock.setToday('2021-03-01');
    const report = await treatReport(t, admin, '0-6', 2021, '2021-03-24', ['Sprog', 'Trivsel']);
    expect(report.loopsStarted).toBe(2);
    const board = await idOf(t, 'person', 'bestyrelse.dt2@test.dk');
    const samtaler = await obligations('DT-2', '&kind=laeringssamtale');
    expect(samtaler).toHaveLength(4);
    expect(samtaler.every((s) => s.responsibleRole === 'board' && s.responsiblePersonId === board)).toBe(true);
    expect((await obligations('DT-2', '&kind=tilsynsafrapportering')).map((o) => o.dueOn)).toEqual(['2021-12-01', '2022-12-01']);
    expect(await obligations('DT-2', '&kind=elevinput')).toEqual([]);
    // A kommunal dagtilbud: the chef convenes and no tilsynsafrapportering is due.
    expect((await obligations('DT-1', '&kind=laeringssamtale')).every((s) => s.responsibleRole === 'chef')).toBe(true);
    expect(await obligations('DT-1', '&kind=tilsynsafrapportering')).toEqual([]);
  });

  it('R13/R10/R73: a treatment outside the report’s year, before the previous one, or before the framework is refused', async () => {
    t.clock.setToday('2025-06-01'); // R11: every date below has happened
    const http = t.as(admin);
    expect((await http.post('/api/v1/quality-reports').send({ ageArea: '6-18', year: 2018, themes: ['x'] }).expect(422)).body.rule).toBe('R10');
    const report = (await http.post('/api/v1/quality-reports').send({ ageArea: '6-18', year: 2024, themes: ['x'] }).expect(201)).body;
    for (const [milestone, date] of [['temaer_valgt', '2023-09-01'], ['raadmand_godkendt', '2023-10-01'], ['udvalg_droeftet', '2024-02-01']]) {
      await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone, date }).expect(200);
    }
    const wrongYear = await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone: 'byraad_behandlet', date: '2025-03-20' }).expect(422);
    expect(wrongYear.body.rule).toBe('R13');
    await http.post(`/api/v1/quality-reports/${report.id}/milestones`).send({ milestone: 'byraad_behandlet', date: '9999-03-20' }).expect(400);
    expect(await t.query(`SELECT 1 FROM learning_loop WHERE quality_report_id = $1`, [report.id])).toEqual([]);
  });

  it('R30/R13: treating the 2022 report closes the 2020 loop and starts the next', async () => {
    t.clock.setToday('2022-03-01');
    const [oldLoop] = await t.query<{ id: string }>(`SELECT l.id FROM learning_loop l JOIN unit u ON u.id = l.unit_id WHERE u.code = 'SK-1'`);
    await treatReport(t, admin, '6-18', 2022, '2022-03-23', ['Trivsel']);
    const loops = await t.query<{ id: string; state: string; starts_on: string; ended_on: string | null }>(
      `SELECT l.id, l.state, l.starts_on::text, l.ended_on::text FROM learning_loop l JOIN unit u ON u.id = l.unit_id WHERE u.code = 'SK-1' ORDER BY l.starts_on`,
    );
    expect(loops.map((l) => [l.state, l.starts_on, l.ended_on])).toEqual([
      ['lukket', '2020-03-25', '2022-03-23'],
      ['runde1', '2022-03-23', null],
    ]);
    expect(loops[0]!.id).toBe(oldLoop!.id);
    const trail = await t.query(`SELECT event FROM transition WHERE loop_id = $1 AND event = 'NEXT_REPORT_TREATED'`, [oldLoop!.id]);
    expect(trail).toHaveLength(1);
  });

  it('R33: the treatment never silently cancels the closed loop’s open loopopsamling: it stays open, due 1 October before, and can be completed late', async () => {
    const [oldLoop] = await t.query<{ id: string }>(`SELECT l.id FROM learning_loop l JOIN unit u ON u.id = l.unit_id WHERE u.code = 'SK-1' ORDER BY l.starts_on LIMIT 1`);
    const [opsamling] = await t.query<{ id: string; state: string; due_on: string }>(
      `SELECT id, state, due_on::text FROM obligation WHERE loop_id = $1 AND kind = 'loopopsamling'`,
      [oldLoop!.id],
    );
    expect(opsamling).toMatchObject({ due_on: '2021-10-01' });
    expect(['planned', 'overdue']).toContain(opsamling!.state);
    const leader = await authOf(t, 'leder.sk1@test.dk');
    const done = await t.as(leader).post(`/api/v1/obligations/${opsamling!.id}/complete`).send({ heldOn: '2022-02-20', note: 'Opsamling' }).expect(200);
    expect(done.body).toMatchObject({ state: 'completed', late: true });
  });

  it('R30: a treatment later than expected keeps the old loop running until it: the follow-ups in between are the old loop’s', async () => {
    t.clock.setToday('2023-05-10');
    // The 0–6 report of 2023 was created in the R12 test above.
    const [report] = await t.query<{ id: string }>(`SELECT id FROM quality_report WHERE age_area = '0-6' AND year = 2023`);
    for (const [milestone, date] of [['temaer_valgt', '2022-09-01'], ['raadmand_godkendt', '2022-10-01'], ['udvalg_droeftet', '2023-02-01']]) {
      await t.as(admin).post(`/api/v1/quality-reports/${report!.id}/milestones`).send({ milestone, date }).expect(200);
    }
    const accepted = await t.as(admin).post(`/api/v1/quality-reports/${report!.id}/milestones`).send({ milestone: 'byraad_behandlet', date: '2023-05-10' }).expect(202);
    expect((await followJob(t, admin, accepted.headers.location as string)).state).toBe('faerdig');
    const followUps = await t.query<{ state: string; due_on: string; loop_state: string }>(
      `SELECT l.state AS loop_state, o.due_on::text FROM obligation o JOIN learning_loop l ON l.id = o.loop_id JOIN unit u ON u.id = o.unit_id
       WHERE u.code = 'DT-1' AND o.kind = 'ledelsesopfoelgning' AND o.subject_key = '' AND o.due_on BETWEEN '2023-02-01' AND '2023-07-31' ORDER BY o.due_on`,
    );
    expect(followUps.map((f) => [f.loop_state, f.due_on])).toEqual([
      ['lukket', '2023-02-28'],
      ['lukket', '2023-04-30'],
      ['runde1', '2023-06-30'],
    ]);
  });

  it('filters by due date, kind and state; refuses bad filters with 400 and unknown units with 404', async () => {
    const spring = await obligations('SK-1', '&from=2020-03-01&to=2020-06-30&kind=laeringssamtale');
    expect(spring.map((o) => o.sequence)).toEqual([1]);
    await t.as(admin).get(`/api/v1/units/${await idOf(t, 'unit', 'SK-1')}/obligations?from=2020-02-30`).expect(400);
    await t.as(admin).get(`/api/v1/units/${await idOf(t, 'unit', 'SK-1')}/obligations?kind=kaffe`).expect(400);
    await t.as(admin).get(`/api/v1/units/00000000-0000-4000-8000-000000000000/obligations`).expect(404);
    const leader = await authOf(t, 'leder.dt1@test.dk');
    await t.as(leader).get(`/api/v1/units/${await idOf(t, 'unit', 'SK-1')}/obligations`).expect(404);
  });
});
