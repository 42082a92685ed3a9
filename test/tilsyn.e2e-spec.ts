import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

interface Visit {
  id: string;
  unitId: string;
  enhedId: string;
  announcement: 'anmeldt' | 'uanmeldt';
  state: string;
  heldOn: string | null;
  scheduledOn: string | null;
  inspectorIds: string[];
  outcome: string | null;
}

/** Statutory tilsyn: enheder (R4), cycles (R74, R90), impartiality (R90), secrecy (R91), the visit (R92). */
describe('statutory tilsyn (R4, R74, R90–R92)', () => {
  let t: TestApp;
  let admin: string;
  let dt1: string;
  let dt2: string;
  let inspector: { id: string; auth: string };
  let enhedA: { id: string };
  let enhedB: { id: string };
  const visitsAs = async (auth: string, query = '') => (await t.as(auth).get(`/api/v1/tilsyn/visits?limit=500${query}`).expect(200)).body as { items: Visit[]; total: number };

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-22' });
    admin = (await t.person('koordinator@test.dk')).auth;
    await seedOrganisation(t, admin);
    dt1 = await idOf(t, 'unit', 'DT-1');
    dt2 = await idOf(t, 'unit', 'DT-2');
    const person = (await t.as(admin).post('/api/v1/people').send({ name: 'Tove Tilsyn', email: 'tove@test.dk', tilsynsfoerende: true }).expect(201)).body;
    expect(person.tilsynsfoerende).toBe(true);
    inspector = { id: person.id, auth: `Bearer ${await t.tokenFor(person.id)}` };
  });
  afterAll(() => t.close());

  describe('enheder (R4)', () => {
    it('R4: a dagtilbud without registered enheder has one implicit enhed with its own name', async () => {
      const res = await t.as(admin).get(`/api/v1/units/${dt2}/enheder`).expect(200);
      expect(res.body).toMatchObject({ total: 1, items: [{ id: dt2, unitId: dt2, name: 'Den selvejende institution Åbyhøj', implicit: true }] });
    });

    it('R4: registering enheder replaces the implicit one; their changes are in the trail', async () => {
      const pl = await idOf(t, 'person', 'pl.sk1@test.dk');
      enhedA = (await t.as(admin).post(`/api/v1/units/${dt1}/enheder`).send({ code: 'DT-1-A', name: 'Børnehuset Solsikken', address: 'Solsikkevej 3', nextLayerLeaderPersonId: pl, validFrom: '2015-01-01' }).expect(201)).body;
      enhedB = (await t.as(admin).post(`/api/v1/units/${dt1}/enheder`).send({ code: 'DT-1-B', name: 'Vuggestuen Mælkebøtten', validFrom: '2015-01-01' }).expect(201)).body;
      const list = (await t.as(admin).get(`/api/v1/units/${dt1}/enheder`).expect(200)).body;
      expect(list.items.map((e: { code: string; implicit: boolean }) => [e.code, e.implicit])).toEqual([['DT-1-A', false], ['DT-1-B', false]]);
      const patched = (await t.as(admin).patch(`/api/v1/enheder/${enhedB.id}`).send({ address: 'Mælkebøttevej 1' }).expect(200)).body;
      expect(patched.address).toBe('Mælkebøttevej 1');
      const trail = await t.query(`SELECT event FROM transition WHERE payload->>'entity' = 'enhed' AND unit_id = $1 ORDER BY id`, [dt1]);
      expect(trail.map((r) => r.event)).toEqual(['ENHED_CREATED', 'ENHED_CREATED', 'ENHED_CHANGED']);
    });

    it('R4: only a dagtilbud has enheder (422 R4); a used code is 409; a bad field 400; nothing written', async () => {
      const sk1 = await idOf(t, 'unit', 'SK-1');
      const before = await t.query(`SELECT count(*)::int AS n FROM enhed`);
      const r4 = await t.as(admin).post(`/api/v1/units/${sk1}/enheder`).send({ code: 'SK-1-A', name: 'Afdeling', validFrom: '2015-01-01' }).expect(422);
      expect(r4.body.rule).toBe('R4');
      await t.as(admin).post(`/api/v1/units/${dt1}/enheder`).send({ code: 'DT-1-A', name: 'Dublet', validFrom: '2015-01-01' }).expect(409);
      await t.as(admin).post(`/api/v1/units/${dt1}/enheder`).send({ code: 'DT-1-C', name: 'For tidlig', validFrom: '2001-01-01' }).expect(400);
      expect(await t.query(`SELECT count(*)::int AS n FROM enhed`)).toEqual(before);
    });

    it('R4: the unit’s leader reads its enheder; someone without a role there gets 404; only admins write', async () => {
      const leader = await authOf(t, 'leder.dt1@test.dk');
      await t.as(leader).get(`/api/v1/units/${dt1}/enheder`).expect(200);
      await t.as(await authOf(t, 'leder.sk1@test.dk')).get(`/api/v1/units/${dt1}/enheder`).expect(404);
      await t.as(leader).post(`/api/v1/units/${dt1}/enheder`).send({ code: 'X', name: 'X', validFrom: '2015-01-01' }).expect(403);
    });
  });

  describe('statutory cycles (R74, R90)', () => {
    it('R90: the scheduler plans one anmeldt and one uanmeldt visit per enhed in the current two-year cycle; twice is once', async () => {
      const scheduler = t.app.get(SchedulerService);
      const first = await scheduler.runPass();
      expect(first.steps.tilsynCycles).toBe(6); // DT-1: two enheder; DT-2: the implicit one
      expect((await scheduler.runPass()).steps.tilsynCycles).toBe(0);
      const { items } = await visitsAs(admin);
      const key = (v: Visit) => `${v.enhedId === dt2 ? 'DT-2' : v.enhedId === enhedA.id ? 'A' : 'B'}:${v.announcement}`;
      expect(items.map(key).sort()).toEqual(['A:anmeldt', 'A:uanmeldt', 'B:anmeldt', 'B:uanmeldt', 'DT-2:anmeldt', 'DT-2:uanmeldt']);
      expect(items.every((v) => v.state === 'planned')).toBe(true);
      const rows = await t.query(`SELECT DISTINCT loop_id, statutory_cycle, opens_on::text, due_on::text FROM obligation WHERE kind = 'tilsynsbesoeg'`);
      expect(rows).toEqual([{ loop_id: null, statutory_cycle: '2026-2027', opens_on: '2026-01-01', due_on: '2027-12-31' }]);
    });

    it('R74: a byråd treatment, which starts and replans loops, never touches the statutory visits', async () => {
      const before = await t.query(`SELECT id, state, due_on::text, version FROM obligation WHERE loop_id IS NULL ORDER BY id`);
      await treatReport(t, admin, '0-6', 2025, '2025-03-26', ['Sprog']);
      await t.app.get(SchedulerService).runPass();
      expect(await t.query(`SELECT id, state, due_on::text, version FROM obligation WHERE loop_id IS NULL ORDER BY id`)).toEqual(before);
      expect(await t.query(`SELECT count(*)::int AS n FROM obligation WHERE kind = 'tilsynsbesoeg' AND loop_id IS NOT NULL`)).toEqual([{ n: 0 }]);
    });
  });

  describe('inspectors and impartiality (R90)', () => {
    let uanmeldtA: Visit;

    beforeAll(async () => {
      uanmeldtA = (await visitsAs(admin, `&enhedId=${enhedA.id}&announcement=uanmeldt`)).items[0]!;
    });

    it('R90: the unit’s own leader, its chef, a next-layer leader on site and a board contact are refused with 422 R90', async () => {
      for (const email of ['leder.dt1@test.dk', 'chef.nord@test.dk', 'pl.sk1@test.dk', 'bestyrelse.dt1@test.dk']) {
        const id = await idOf(t, 'person', email);
        await t.as(admin).patch(`/api/v1/people/${id}`).send({ tilsynsfoerende: true }).expect(200);
        const res = await t.as(admin).post(`/api/v1/tilsyn/visits/${uanmeldtA.id}/inspectors`).send({ personId: id }).expect(422);
        expect([email, res.body.rule]).toEqual([email, 'R90']);
      }
      const [{ ids }] = await t.query(`SELECT inspector_person_ids::text[] AS ids FROM obligation WHERE id = $1`, [uanmeldtA.id]);
      expect(ids).toEqual([]);
    });

    it('R90: a person not registered as tilsynsførende is refused; an impartial one is assigned, with the trail', async () => {
      const other = await idOf(t, 'person', 'leder.fu1@test.dk');
      expect((await t.as(admin).post(`/api/v1/tilsyn/visits/${uanmeldtA.id}/inspectors`).send({ personId: other }).expect(422)).body.rule).toBe('R90');
      const res = await t.as(admin).post(`/api/v1/tilsyn/visits/${uanmeldtA.id}/inspectors`).send({ personId: inspector.id }).expect(200);
      expect(res.body.inspectorIds).toEqual([inspector.id]);
      const [row] = await t.query(`SELECT event, payload FROM transition WHERE obligation_id = $1 ORDER BY id DESC LIMIT 1`, [uanmeldtA.id]);
      expect(row).toMatchObject({ event: 'INSPECTOR_ASSIGNED', payload: { personId: inspector.id } });
    });

    it('R90: only coordinators assign inspectors', async () => {
      await t.as(inspector.auth).post(`/api/v1/tilsyn/visits/${uanmeldtA.id}/inspectors`).send({ personId: inspector.id }).expect(403);
    });
  });

  describe('secrecy until held (R91) and the visit (R92)', () => {
    let uanmeldtA: Visit;
    let anmeldtA: Visit;

    beforeAll(async () => {
      uanmeldtA = (await visitsAs(admin, `&enhedId=${enhedA.id}&announcement=uanmeldt`)).items[0]!;
      anmeldtA = (await visitsAs(admin, `&enhedId=${enhedA.id}&announcement=anmeldt`)).items[0]!;
    });

    it('R91: the unit’s leader, chef and board contact see the announced visits, not the unannounced one; its id is 404 like a missing id', async () => {
      for (const email of ['leder.dt1@test.dk', 'chef.nord@test.dk', 'bestyrelse.dt1@test.dk']) {
        const auth = await authOf(t, email);
        const seen = await visitsAs(auth, `&unitId=${dt1}`);
        expect(seen.items.every((v) => v.announcement === 'anmeldt')).toBe(true);
        expect(seen.total).toBe(seen.items.length);
        const secret = await t.as(auth).get(`/api/v1/tilsyn/visits/${uanmeldtA.id}`).expect(404);
        const missing = await t.as(auth).get(`/api/v1/tilsyn/visits/00000000-0000-4000-8000-000000000000`).expect(404);
        expect(secret.body).toEqual(missing.body);
        await t.as(auth).get(`/api/v1/obligations/${uanmeldtA.id}`).expect(404);
      }
      const leader = await authOf(t, 'leder.dt1@test.dk');
      expect((await visitsAs(leader, `&unitId=${dt1}`)).total).toBe(2);
    });

    it('R91: the coordinator and the visit’s inspector see it', async () => {
      await t.as(admin).get(`/api/v1/tilsyn/visits/${uanmeldtA.id}`).expect(200);
      const mine = await visitsAs(inspector.auth);
      expect(mine.items.map((v) => v.id)).toEqual([uanmeldtA.id]);
    });

    it('R92: a visit is not confirmed through the generic obligation route', async () => {
      const res = await t.as(admin).post(`/api/v1/obligations/${anmeldtA.id}/complete`).send({ heldOn: '2026-11-20' }).expect(422);
      expect(res.body.rule).toBe('R92');
    });

    const confirmation = (heldOn: string, inspectorIds: string[]) => ({
      heldOn,
      inspectorIds,
      observations: ['God stemning i garderoben, tydelige rutiner'],
      participants: [
        { role: 'leder', name: 'Lise Bach' },
        { role: 'medarbejder', name: 'Pædagog Mads' },
      ],
      dataUsed: ['Børnemiljøvurdering'],
      outcome: 'opfoelgningspunkter',
      followUpPoints: [{ text: 'Sovepladser i vuggestuen', dueOn: '2027-03-01' }],
    });

    it('R92: a confirmation without observations or dialogue with staff is refused with 422 R92, nothing written', async () => {
      await t.as(inspector.auth).post(`/api/v1/tilsyn/visits/${uanmeldtA.id}/schedule`).send({ date: '2026-11-18' }).expect(200);
      const before = await t.query(`SELECT count(*)::int AS n FROM transition`);
      const noObs = await t.as(inspector.auth).post(`/api/v1/tilsyn/visits/${uanmeldtA.id}/complete`).send({ ...confirmation('2026-11-18', [inspector.id]), observations: [] }).expect(422);
      expect(noObs.body).toMatchObject({ rule: 'R92', field: 'observations' });
      const noStaff = await t.as(inspector.auth).post(`/api/v1/tilsyn/visits/${uanmeldtA.id}/complete`)
        .send({ ...confirmation('2026-11-18', [inspector.id]), participants: [{ role: 'leder', name: 'Lise Bach' }] }).expect(422);
      expect(noStaff.body).toMatchObject({ rule: 'R92', field: 'participants' });
      expect(await t.query(`SELECT count(*)::int AS n FROM transition`)).toEqual(before);
    });

    it('R90: impartiality is checked again at completion (the leader named as inspector is refused)', async () => {
      const leaderId = await idOf(t, 'person', 'leder.dt1@test.dk');
      const res = await t.as(inspector.auth).post(`/api/v1/tilsyn/visits/${uanmeldtA.id}/complete`).send(confirmation('2026-11-18', [inspector.id, leaderId])).expect(422);
      expect(res.body.rule).toBe('R90');
      expect((await t.as(admin).get(`/api/v1/tilsyn/visits/${uanmeldtA.id}`).expect(200)).body.state).toBe('scheduled');
    });

    it('R92/R91: the inspector confirms it; documentation, dialogue and board orientation follow in 10, 15, 20 working days; now the leader sees it with its held date', async () => {
      const done = (await t.as(inspector.auth).post(`/api/v1/tilsyn/visits/${uanmeldtA.id}/complete`).send(confirmation('2026-11-18', [inspector.id])).expect(200)).body;
      expect(done).toMatchObject({ state: 'completed', heldOn: '2026-11-18', outcome: 'opfoelgningspunkter', inspectorIds: [inspector.id] });
      expect(done.completion).toMatchObject({ observations: ['God stemning i garderoben, tydelige rutiner'], dataUsed: ['Børnemiljøvurdering'], previousVisitId: null });
      const duties = await t.query(
        `SELECT kind, due_on::text, responsible_role, enhed_id FROM obligation WHERE subject_key = $1 ORDER BY due_on`,
        [uanmeldtA.id],
      );
      expect(duties).toEqual([
        { kind: 'tilsynsdokumentation', due_on: '2026-12-02', responsible_role: 'admin', enhed_id: enhedA.id },
        { kind: 'tilsynsdialog', due_on: '2026-12-09', responsible_role: 'leader', enhed_id: enhedA.id },
        { kind: 'bestyrelsesorientering', due_on: '2026-12-16', responsible_role: 'leader', enhed_id: enhedA.id },
      ]);
      const leader = await authOf(t, 'leder.dt1@test.dk');
      const seen = (await t.as(leader).get(`/api/v1/tilsyn/visits/${uanmeldtA.id}`).expect(200)).body;
      expect(seen).toMatchObject({ heldOn: '2026-11-18', scheduledOn: null, announcement: 'uanmeldt' });
      expect((await visitsAs(leader, `&unitId=${dt1}`)).total).toBe(3);
    });
  });

  it('R90: an extra visit on a concern, for a named enhed; a unit with several enheder must name one', async () => {
    await t.as(admin).post('/api/v1/tilsyn/visits').send({ unitId: dt1, announcement: 'anmeldt', trigger: 'bekymring', dueOn: '2027-01-31' }).expect(400);
    const extra = (await t.as(admin).post('/api/v1/tilsyn/visits').send({ unitId: dt1, enhedId: enhedB.id, announcement: 'anmeldt', trigger: 'bekymring', dueOn: '2027-01-31', reason: 'Henvendelse fra forældre' }).expect(201)).body;
    expect(extra).toMatchObject({ trigger: 'bekymring', enhedId: enhedB.id, state: 'planned', dueOn: '2027-01-31', opensOn: '2026-11-22' });
  });
});
