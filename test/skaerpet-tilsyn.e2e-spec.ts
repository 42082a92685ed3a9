import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { authOf, idOf, seedOrganisation } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The statutory follow-up of tilsyn over HTTP: skærpet tilsyn (R95), its
 * handleplan, the board's orientation and comment window (R96), the
 * tilsynsrapport (R93) and the audit's statutory checks.
 */
describe('skærpet tilsyn, handleplan and tilsynsrapport (R93, R95, R96)', () => {
  let t: TestApp;
  let admin: string;
  let chef: string;
  let dt1: string;
  let enhedDt2: string;
  let caseId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const status = <R extends { status: number; body: any }>(res: R, expected: number): R => {
    if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  };
  const obligationsOf = (kind: string) =>
    t.query<{ id: string; state: string; opens_on: string; due_on: string; responsible_role: string; loop_id: string | null }>(
      `SELECT id, state, opens_on::text, due_on::text, responsible_role, loop_id FROM obligation WHERE kind = $1 ORDER BY created_at`,
      [kind],
    );

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-22' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    chef = await authOf(t, 'chef.nord@test.dk');
    dt1 = await idOf(t, 'unit', 'DT-1');
    const [row] = await t.query<{ id: string }>(
      `INSERT INTO enhed (unit_id, code, name, address, valid_from) VALUES ($1, 'DT-2-A', 'Åbyhøj Vuggestue', 'Åbyhøjgade 1', '2015-01-01') RETURNING id`,
      [await idOf(t, 'unit', 'DT-2')],
    );
    enhedDt2 = row!.id;
  });
  afterAll(() => t.close());

  it('R95: only the administration or the unit’s chef decides; outside one’s units the enhed does not exist', async () => {
    const body = { decidedOn: '2026-11-20', foundOn: '2026-11-13', reason: 'Bekymring for trivslen', trigger: 'anden_bekymring', handleplan: true };
    status(await t.as(await authOf(t, 'leder.dt1@test.dk')).post(`/api/v1/enheder/${dt1}/skaerpet-tilsyn`).send(body), 403);
    status(await t.as(await authOf(t, 'leder.sk1@test.dk')).post(`/api/v1/enheder/${dt1}/skaerpet-tilsyn`).send(body), 404);
    // A school is no tilsynsenhed (dagtilbudsloven).
    status(await t.as(admin).post(`/api/v1/enheder/${await idOf(t, 'unit', 'SK-1')}/skaerpet-tilsyn`).send(body), 404);
    status(await t.as(chef).post(`/api/v1/enheder/${dt1}/skaerpet-tilsyn`).send({ ...body, trigger: 'tilsynsbesoeg' }), 400);
    status(await t.as(chef).post(`/api/v1/enheder/${dt1}/skaerpet-tilsyn`).send({ ...body, trigger: 'maybe' }), 400);
    expect(await t.query(`SELECT 1 FROM skaerpet_tilsyn`)).toHaveLength(0);
  });

  it('R95: the decision comes within 5 working days of the finding; a later one is refused and nothing is written', async () => {
    const res = status(
      await t.as(admin).post(`/api/v1/enheder/${enhedDt2}/skaerpet-tilsyn`).send({ decidedOn: '2026-11-20', foundOn: '2026-11-12', reason: 'Bekymring', trigger: 'anden_bekymring' }),
      422,
    );
    expect(res.body.rule).toBe('R95');
    expect(await t.query(`SELECT 1 FROM skaerpet_tilsyn`)).toHaveLength(0);
    expect(await t.query(`SELECT 1 FROM transition WHERE event = 'SKAERPET_TILSYN_OPENED'`)).toHaveLength(0);
  });

  it('R95/R96: the chef opens skærpet tilsyn with a handleplan for the implicit enhed; the handleplan is due 10 working days later; a second open case is refused', async () => {
    const res = status(
      await t.as(chef).post(`/api/v1/enheder/${dt1}/skaerpet-tilsyn`).send({ decidedOn: '2026-11-20', foundOn: '2026-11-13', reason: 'Alvorlig bekymring for trivslen', trigger: 'anden_bekymring', handleplan: true }),
      201,
    );
    caseId = res.body.id;
    expect(res.body).toMatchObject({ enhedId: dt1, enhedName: 'Dagtilbud Trøjborg', state: 'aaben', withHandleplan: true, decidedOn: '2026-11-20', ageDays: 2, commentStatus: 'ikke_orienteret' });
    expect(res.body.handleplan).toMatchObject({ state: 'planned', dueOn: '2026-12-04' });
    expect(await obligationsOf('handleplan')).toEqual([expect.objectContaining({ opens_on: '2026-11-20', due_on: '2026-12-04', responsible_role: 'chef', loop_id: null })]);
    // R95: the follow-up visit, 3 months out with a handleplan, announced by default.
    const [visit] = await t.query<{ id: string; due_on: string; trigger: string; announcement: string }>(
      `SELECT o.id, o.due_on::text, v.trigger, v.announcement FROM obligation o JOIN tilsyn_visit v ON v.obligation_id = o.id WHERE o.subject_key = $1`,
      [`skaerpet:${caseId}`],
    );
    expect(visit).toMatchObject({ due_on: '2027-02-20', trigger: 'skaerpet_opfoelgning', announcement: 'anmeldt' });
    expect(res.body.followUpVisitId).toBe(visit!.id);
    const again = status(await t.as(admin).post(`/api/v1/enheder/${dt1}/skaerpet-tilsyn`).send({ decidedOn: '2026-11-21', reason: 'Igen', trigger: 'anden_bekymring' }), 422);
    expect(again.body.rule).toBe('R95');
    // The leader and the board see the case; the trail has the decision.
    status(await t.as(await authOf(t, 'bestyrelse.dt1@test.dk')).get(`/api/v1/skaerpet-tilsyn/${caseId}`), 200);
    const list = status(await t.as(await authOf(t, 'leder.dt1@test.dk')).get(`/api/v1/units/${dt1}/skaerpet-tilsyn`), 200).body;
    expect(list.total).toBe(1);
    status(await t.as(await authOf(t, 'leder.sk1@test.dk')).get(`/api/v1/skaerpet-tilsyn/${caseId}`), 404);
  });

  it('R96: the handleplan is made with the leader and describes the plan; completing it makes the board’s orientation due within 5 working days', async () => {
    const [plan] = await obligationsOf('handleplan');
    const leader = await authOf(t, 'leder.dt1@test.dk');
    const complete = (body: object) => t.as(leader).post(`/api/v1/obligations/${plan!.id}/complete`).send(body);
    const noLeader = status(await complete({ heldOn: '2026-11-20', participants: [{ role: 'chef', name: 'Hanne Nørgaard' }], note: 'Plan' }), 422);
    expect([noLeader.body.rule, noLeader.body.field]).toEqual(['R96', 'participants']);
    const noPlan = status(await complete({ heldOn: '2026-11-20', participants: [{ role: 'leder', name: 'Lise Bach' }] }), 422);
    expect([noPlan.body.rule, noPlan.body.field]).toEqual(['R96', 'note']);
    expect(await obligationsOf('bestyrelsesorientering_handleplan')).toHaveLength(0);
    status(await complete({ heldOn: '2026-11-20', participants: [{ role: 'leder', name: 'Lise Bach' }, { role: 'chef', name: 'Hanne Nørgaard' }], note: 'Faste voksne i overgangene; status hver 14. dag' }), 200);
    expect(await obligationsOf('bestyrelsesorientering_handleplan')).toEqual([expect.objectContaining({ opens_on: '2026-11-20', due_on: '2026-11-27', responsible_role: 'leader', state: 'planned' })]);
  });

  it('R96: the board’s comments are recorded only within the window the orientation opens (14 days)', async () => {
    const board = await authOf(t, 'bestyrelse.dt1@test.dk');
    const early = status(await t.as(board).post(`/api/v1/skaerpet-tilsyn/${caseId}/bemaerkninger`).send({ receivedOn: '2026-11-21', text: 'For tidligt' }), 422);
    expect(early.body.rule).toBe('R96');
    const [orientation] = await obligationsOf('bestyrelsesorientering_handleplan');
    status(await t.as(await authOf(t, 'leder.dt1@test.dk')).post(`/api/v1/obligations/${orientation!.id}/complete`).send({ heldOn: '2026-11-21', note: 'Bestyrelsesmøde' }), 200);
    const opened = status(await t.as(board).get(`/api/v1/skaerpet-tilsyn/${caseId}`), 200).body;
    expect(opened).toMatchObject({ commentWindow: { opensOn: '2026-11-21', closesOn: '2026-12-05' }, commentStatus: 'vindue_aabent' });
    const ok = status(await t.as(board).post(`/api/v1/skaerpet-tilsyn/${caseId}/bemaerkninger`).send({ receivedOn: '2026-11-22', text: 'Bestyrelsen bakker op <b>fuldt</b>' }), 201);
    expect(ok.body).toMatchObject({ commentStatus: 'bemaerkninger', comments: [{ receivedOn: '2026-11-22', text: 'Bestyrelsen bakker op <b>fuldt</b>' }] });
    t.clock.setToday('2026-12-10');
    const late = status(await t.as(board).post(`/api/v1/skaerpet-tilsyn/${caseId}/bemaerkninger`).send({ receivedOn: '2026-12-08', text: 'For sent' }), 422);
    expect(late.body.rule).toBe('R96');
    status(await t.as(await authOf(t, 'bestyrelse.sk1@test.dk')).post(`/api/v1/skaerpet-tilsyn/${caseId}/bemaerkninger`).send({ receivedOn: '2026-12-01', text: 'x' }), 404);
  });

  it('R95: it ends only by a decision after a held follow-up visit, with a reason', async () => {
    const end = (body: object) => t.as(chef).post(`/api/v1/skaerpet-tilsyn/${caseId}/end`).send(body);
    const refused = status(await end({ decidedOn: '2026-12-09', reason: 'Det går bedre' }), 422);
    expect(refused.body.rule).toBe('R95');
    status(await end({ decidedOn: '2026-12-09' }), 400);
    // The follow-up visit is held (its confirmation is branch tilsyn's, tested there).
    await t.query(`UPDATE obligation SET state = 'completed', completed_on = '2026-12-01' WHERE subject_key = $1`, [`skaerpet:${caseId}`]);
    const early = status(await end({ decidedOn: '2026-11-30', reason: 'Før besøget' }), 422);
    expect(early.body.rule).toBe('R95');
    const ended = status(await end({ decidedOn: '2026-12-09', reason: 'Opfølgningsbesøget viste, at handleplanen virker' }), 200);
    expect(ended.body).toMatchObject({ state: 'afsluttet', endedOn: '2026-12-09', ageDays: 19 });
    status(await end({ decidedOn: '2026-12-09', reason: 'Igen' }), 422);
    const trail = await t.query<{ event: string }>(`SELECT event FROM transition WHERE payload->>'skaerpetTilsynId' = $1 ORDER BY id`, [caseId]);
    expect(trail.map((r) => r.event)).toEqual(['SKAERPET_TILSYN_OPENED', 'VISIT_CREATED', 'BEMAERKNINGSVINDUE_AABNET', 'BESTYRELSENS_BEMAERKNINGER', 'SKAERPET_TILSYN_ENDED']);
  });

  it('R95/R96: a visit confirmed with the outcome skaerpet_tilsyn_handleplan opens skærpet tilsyn, the handleplan and a follow-up visit in the same transaction', async () => {
    const person = status(await t.as(admin).post('/api/v1/people').send({ name: 'Tove Tilsyn', email: 'tove@test.dk', tilsynsfoerende: true }), 201).body;
    const inspector = `Bearer ${await t.tokenFor(person.id)}`;
    const visit = status(await t.as(admin).post('/api/v1/tilsyn/visits').send({ unitId: dt1, announcement: 'anmeldt', trigger: 'bekymring', dueOn: '2026-12-31' }), 201).body;
    status(await t.as(admin).post(`/api/v1/tilsyn/visits/${visit.id}/inspectors`).send({ personId: person.id }), 200);
    status(
      await t.as(inspector).post(`/api/v1/tilsyn/visits/${visit.id}/complete`).send({
        heldOn: '2026-12-10',
        inspectorIds: [person.id],
        observations: ['Utrygge overgange, for få voksne om morgenen'],
        participants: [{ role: 'leder', name: 'Lise Bach' }, { role: 'medarbejder', name: 'Pædagog Mads' }],
        dataUsed: ['Børnemiljøvurdering'],
        outcome: 'skaerpet_tilsyn_handleplan',
      }),
      200,
    );
    const cases = status(await t.as(admin).get(`/api/v1/enheder/${dt1}/skaerpet-tilsyn`), 200).body.items;
    const opened = cases.find((c: { state: string }) => c.state === 'aaben');
    expect(opened).toMatchObject({ trigger: 'tilsynsbesoeg', visitId: visit.id, withHandleplan: true, foundOn: '2026-12-10', decidedOn: '2026-12-10' });
    expect(opened.handleplan).toMatchObject({ state: 'planned', dueOn: '2026-12-24' });
    expect(opened.followUpVisitId).toEqual(expect.any(String));
  });

  it('R93/R74: a tilsynsrapport is due two years after the enhed opened (at the earliest after the law took effect, 2022) or the last publication; the scheduler keeps it as an obligation; recording one moves the due date', async () => {
    t.clock.setToday('2026-12-10');
    const before = status(await t.as(admin).get(`/api/v1/enheder/${enhedDt2}/tilsynsrapporter`), 200).body;
    expect(before).toMatchObject({ enhedName: 'Åbyhøj Vuggestue', nextDueOn: '2024-01-01', overdue: true, items: [] });
    await t.app.get(SchedulerService).runPass();
    const [due] = await t.query<{ state: string; due_on: string }>(`SELECT state, due_on::text FROM obligation WHERE kind = 'tilsynsrapport' AND subject_key = $1`, [enhedDt2]);
    expect(due).toEqual({ state: 'overdue', due_on: '2024-01-01' });
    const leader = await authOf(t, 'leder.dt2@test.dk');
    status(await t.as(leader).post(`/api/v1/enheder/${enhedDt2}/tilsynsrapporter`).send({ publishedOn: '2026-12-11', url: 'https://example.dk/r.pdf' }), 400);
    status(await t.as(leader).post(`/api/v1/enheder/${enhedDt2}/tilsynsrapporter`).send({ publishedOn: '2026-06-15', url: 'javascript:alert(1)' }), 400);
    status(await t.as(await authOf(t, 'bestyrelse.dt2@test.dk')).post(`/api/v1/enheder/${enhedDt2}/tilsynsrapporter`).send({ publishedOn: '2026-06-15', url: 'https://example.dk/r.pdf' }), 403);
    const after = status(await t.as(leader).post(`/api/v1/enheder/${enhedDt2}/tilsynsrapporter`).send({ publishedOn: '2026-06-15', url: 'https://aabyhoej.dk/tilsyn-2026.pdf' }), 201).body;
    expect(after).toMatchObject({ nextDueOn: '2028-06-15', overdue: false, items: [{ publishedOn: '2026-06-15', url: 'https://aabyhoej.dk/tilsyn-2026.pdf' }] });
    const rows = await t.query<{ sequence: number; state: string; due_on: string }>(
      `SELECT sequence, state, due_on::text FROM obligation WHERE kind = 'tilsynsrapport' AND subject_key = $1 ORDER BY sequence`,
      [enhedDt2],
    );
    expect(rows).toEqual([{ sequence: 1, state: 'completed', due_on: '2024-01-01' }, { sequence: 2, state: 'planned', due_on: '2028-06-15' }]);
    await t.app.get(SchedulerService).runPass();
    expect(await t.query(`SELECT 1 FROM obligation WHERE kind = 'tilsynsrapport' AND subject_key = $1`, [enhedDt2])).toHaveLength(2);
  });

  it('R90, R93–R96 in the coverage audit: per enhed within the unit rows, in JSON and CSV', async () => {
    const res = status(await t.as(admin).get(`/api/v1/audit/coverage?from=2026-01-01&to=2026-12-31`), 200).body;
    const row = (code: string) => res.items.find((r: { code: string }) => r.code === code);
    expect(row('DT-2').statutory).toEqual([
      expect.objectContaining({
        enhedId: enhedDt2,
        enhedName: 'Åbyhøj Vuggestue',
        r93: { lastPublishedOn: '2026-06-15', nextDueOn: '2028-06-15', verdict: 'ok' },
        // R96: never under skærpet tilsyn, so no handleplan to judge (DT-1 below has a case and is judged).
        r96: { overdueHandleplaner: 0, overdueOrienteringer: 0, closedWithoutComments: 0, verdict: 'ikke_relevant' },
      }),
    ]);
    expect(row('DT-1').statutory).toEqual([
      expect.objectContaining({
        enhedId: dt1,
        r93: { lastPublishedOn: null, nextDueOn: '2024-01-01', verdict: 'fejl' },
        r95: { openCases: 1, oldestOpenDays: 0, oldestOpenSince: '2026-12-10' },
        // R90: the two visits held this cycle were announced; the previous cycle had none (the enhed existed through it).
        r90: expect.objectContaining({ heldAnmeldt: 2, heldUanmeldt: 0, previousCycleMet: false, verdict: 'fejl' }),
        r96: { overdueHandleplaner: 0, overdueOrienteringer: 0, closedWithoutComments: 0, verdict: 'ok' },
      }),
    ]);
    expect(row('SK-1').statutory).toEqual([expect.objectContaining({ r94: { schoolYear: '2026/27', state: 'planned', dueOn: '2027-07-31', verdict: 'ok' } })]);
    expect(row('FU-1').statutory).toEqual([]);
    const csv = status(await t.as(admin).get(`/api/v1/audit/coverage?from=2026-01-01&to=2026-12-31&format=csv`), 200).text;
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0]!.split(';');
    const dt1Line = lines.find((l) => l.startsWith('DT-1;'))!.split(';');
    expect(dt1Line[header.indexOf('R93')]).toBe('Fejl (1)');
    expect(dt1Line[header.indexOf('R90')]).toBe('Fejl (1)');
    expect(dt1Line[header.indexOf('R95_aabne_sager')]).toBe('1');
  });

  it('R95: the audit shows an open case and its age', async () => {
    status(await t.as(admin).post(`/api/v1/enheder/${enhedDt2}/skaerpet-tilsyn`).send({ decidedOn: '2026-12-01', foundOn: '2026-11-30', reason: 'Bekymring', trigger: 'anden_bekymring' }), 201);
    const res = status(await t.as(admin).get(`/api/v1/audit/coverage?from=2026-01-01&to=2026-12-31&unitId=${await idOf(t, 'unit', 'DT-2')}`), 200).body;
    expect(res.items[0].statutory[0].r95).toEqual({ openCases: 1, oldestOpenDays: 9, oldestOpenSince: '2026-12-01' });
  });

  it('R93: the report renders as a tagged PDF from the recorded documentation', async () => {
    const res = await t.as(admin).get(`/api/v1/enheder/${dt1}/tilsynsrapport.pdf`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/StructTreeRoot/);
    status(await t.as(await authOf(t, 'leder.sk1@test.dk')).get(`/api/v1/enheder/${dt1}/tilsynsrapport.pdf`), 404);
  }, 120_000);
});
