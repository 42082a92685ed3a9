import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * R31/R75 through the API on 2026-11-30: a samtale or a 1:1 follow-up is
 * held within its window (late allowed, reported late), never before it opens,
 * never in the future, samtale n never before n−1, in open and closed loops;
 * only an administrator accepts an exception, with a reason.
 */
describe('held within the window (R31) and the administrator’s exception (R75)', () => {
  let t: TestApp;
  let admin: string;
  let chef: string;
  const obligation = async (code: string, kind: string, where: string, params: unknown[] = []) => {
    const [row] = await t.query<{ id: string; opens_on: string; due_on: string; state: string }>(
      `SELECT o.id, o.opens_on::text, o.due_on::text, o.state FROM obligation o JOIN unit u ON u.id = o.unit_id JOIN learning_loop l ON l.id = o.loop_id
       WHERE u.code = $1 AND o.kind = $2 AND o.subject_key = '' AND ${where} ORDER BY o.due_on LIMIT 1`,
      [code, kind, ...params],
    );
    return row!;
  };
  const people = [
    { role: 'chef', name: 'Søren Vestergaard' },
    { role: 'leder', name: 'Mette Kjær' },
    { role: 'bestyrelsesrepraesentant', name: 'Trine Dahl' },
  ];
  const later = (heldOn: string, extra: object = {}) => ({ heldOn, participants: people, agreements: ['Aftale'], dataInputs: ['A'], ...extra });

  beforeAll(async () => {
    t = await createTestApp({ today: '2024-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2024, '2024-03-20', ['Fravær']);
    t.clock.setToday('2026-03-01');
    await treatReport(t, admin, '6-18', 2026, '2026-03-25', ['Trivsel']);
    t.clock.setToday('2026-11-30');
    chef = await authOf(t, 'chef.vest@test.dk');
    // The closed 2024 loop's datapakker are waived, so only R31 can refuse below.
    for (const { id } of await t.query<{ id: string }>(
      `SELECT o.id FROM obligation o JOIN learning_loop l ON l.id = o.loop_id WHERE l.starts_on = '2024-03-20' AND o.kind = 'datapakke' AND o.state <> 'completed'`,
    )) {
      await t.as(admin).post(`/api/v1/obligations/${id}/waive`).send({ reason: 'Testdata' }).expect(200);
    }
  });
  afterAll(() => t.close());

  it('R31: a follow-up whose window is March–April 2027 cannot be held in November 2026, nor in the future', async () => {
    const followUp = await obligation('SK-1', 'ledelsesopfoelgning', `o.opens_on = '2027-03-01'`);
    const early = await t.as(chef).post(`/api/v1/obligations/${followUp.id}/complete`).send({ heldOn: '2026-11-20' }).expect(422);
    expect(early.body.rule).toBe('R31');
    const future = await t.as(chef).post(`/api/v1/obligations/${followUp.id}/complete`).send({ heldOn: '2027-03-10' }).expect(422);
    expect(future.body.rule).toBe('R31');
    expect((await obligation('SK-1', 'ledelsesopfoelgning', `o.id = $3`, [followUp.id])).state).toBe('planned');
  });

  it('R31: a follow-up held after its due date is accepted and reported late', async () => {
    const followUp = await obligation('SK-1', 'ledelsesopfoelgning', `o.opens_on = '2026-07-01'`);
    const res = await t.as(chef).post(`/api/v1/obligations/${followUp.id}/complete`).send({ heldOn: '2026-09-03' }).expect(200);
    expect(res.body).toMatchObject({ state: 'completed', completedOn: '2026-09-03', late: true });
  });

  it('R31: in a closed loop samtale 4 is not confirmed before samtale 3, nor held before it', async () => {
    const closed = `l.state = 'lukket'`;
    const s3 = await obligation('SK-1', 'laeringssamtale', `${closed} AND o.sequence = 3`);
    const s4 = await obligation('SK-1', 'laeringssamtale', `${closed} AND o.sequence = 4`);
    // Samtaler 1–2 of the closed loop never took place: the administration waives them (R71), so samtale 3 may follow.
    for (const n of [1, 2]) {
      const s = await obligation('SK-1', 'laeringssamtale', `${closed} AND o.sequence = ${n}`);
      await t.as(admin).post(`/api/v1/obligations/${s.id}/waive`).send({ reason: 'Ikke holdt' }).expect(200);
    }
    const first = await t.as(chef).post(`/api/v1/obligations/${s4.id}/complete`).send(later('2025-10-01')).expect(422);
    expect(first.body.rule).toBe('R31');
    await t.as(chef).post(`/api/v1/obligations/${s3.id}/complete`).send(later('2025-06-10')).expect(200);
    // Samtale 4 before samtale 3's held date would also be before its own window: R31 either way.
    const followUp = { agreementFollowUp: [{ agreement: 'Aftale', status: 'i_gang', note: 'Undervejs' }] };
    expect((await t.as(chef).post(`/api/v1/obligations/${s4.id}/complete`).send(later('2025-06-01', followUp)).expect(422)).body.rule).toBe('R31');
    // R32: the previous samtale's agreements are followed up.
    expect((await t.as(chef).post(`/api/v1/obligations/${s4.id}/complete`).send(later('2025-10-01')).expect(422)).body.rule).toBe('R32');
    await t.as(chef).post(`/api/v1/obligations/${s4.id}/complete`).send(later('2025-10-01', followUp)).expect(200);
  });

  it('R75: only an administrator accepts an exception to R31, with a reason kept on the confirmation', async () => {
    const followUp = await obligation('SK-1', 'ledelsesopfoelgning', `o.opens_on = '2027-01-01'`);
    const leader = await authOf(t, 'leder.sk1@test.dk');
    const refused = await t.as(leader).post(`/api/v1/obligations/${followUp.id}/complete`).send({ heldOn: '2026-11-25', exceptionReason: 'Holdt tidligt pga. orlov' }).expect(422);
    expect(refused.body.rule).toBe('R75');
    const accepted = await t.as(admin).post(`/api/v1/obligations/${followUp.id}/complete`).send({ heldOn: '2026-11-25', exceptionReason: 'Holdt tidligt pga. lederens orlov i januar' }).expect(200);
    expect(accepted.body.state).toBe('completed');
    const [row] = await t.query<{ completion: { deviations: unknown[] } }>(`SELECT completion FROM obligation WHERE id = $1`, [followUp.id]);
    expect(row!.completion.deviations).toEqual([expect.objectContaining({ rule: 'R31', reason: 'Holdt tidligt pga. lederens orlov i januar', acceptedByAdmin: true })]);
    const [trail] = await t.query<{ payload: { deviations: unknown[] } }>(`SELECT payload FROM transition WHERE obligation_id = $1 AND event = 'COMPLETE'`, [followUp.id]);
    expect(trail!.payload.deviations).toHaveLength(1);
    // Never in the future, not even for an administrator.
    const next = await obligation('SK-1', 'ledelsesopfoelgning', `o.opens_on = '2027-03-01'`);
    expect((await t.as(admin).post(`/api/v1/obligations/${next.id}/complete`).send({ heldOn: '2027-03-02', exceptionReason: 'x' }).expect(422)).body.rule).toBe('R31');
    expect(await idOf(t, 'unit', 'SK-1')).toBeTruthy();
  });

  it('R53: the chef or leader records an extra follow-up when held; it counts as held, and the future or another role is refused', async () => {
    const sk1 = await idOf(t, 'unit', 'SK-1');
    const res = await t.as(chef).post(`/api/v1/units/${sk1}/ekstra-opfoelgninger`).send({ heldOn: '2026-11-12', note: 'Ekstra møde om fravær' }).expect(201);
    expect(res.body).toMatchObject({ kind: 'ekstra', state: 'completed', completedOn: '2026-11-12', dueOn: '2026-11-12', late: false });
    const leader = await authOf(t, 'leder.sk1@test.dk');
    const second = await t.as(leader).post(`/api/v1/units/${sk1}/ekstra-opfoelgninger`).send({ heldOn: '2026-11-13' }).expect(201);
    expect(second.body.sequence).toBe(res.body.sequence + 1);
    expect((await t.as(chef).post(`/api/v1/units/${sk1}/ekstra-opfoelgninger`).send({ heldOn: '2026-12-01' }).expect(422)).body.rule).toBe('R31');
    expect((await t.as(await authOf(t, 'bestyrelse.sk1@test.dk')).post(`/api/v1/units/${sk1}/ekstra-opfoelgninger`).send({ heldOn: '2026-11-12' }).expect(422)).body.rule).toBe('R53');
    await t.as(await authOf(t, 'leder.dt1@test.dk')).post(`/api/v1/units/${sk1}/ekstra-opfoelgninger`).send({ heldOn: '2026-11-12' }).expect(404);
    const trail = await t.query(`SELECT event FROM transition WHERE obligation_id = $1 ORDER BY id`, [res.body.id]);
    expect(trail).toEqual([{ event: 'RECORDED' }, { event: 'COMPLETE' }]);
  });
});
