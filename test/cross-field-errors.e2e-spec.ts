import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Every check across two fields of the API (a period's ends, a window, a booking's times) answers like the
 * validation pipe's 400s: "Ugyldigt input: …" and a field message that says what is wrong naming both fields
 * (a newcomer read "efter to" alone). Nothing is written when refused.
 */
describe('cross-field 400s read like the other 400s', () => {
  let t: TestApp;
  let admin: string;
  let sk1: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-04-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær', 'Læringsmiljø']);
    sk1 = await idOf(t, 'unit', 'SK-1');
  }, 120_000);
  afterAll(() => t.close());

  /** The 400's body: prefixed message, one field whose message names `field` and `other`. */
  function expectCrossField(body: { message: string; fields?: { field: string; message: string }[] }, field: string, other: string): void {
    expect(body.message).toMatch(/^Ugyldigt input: /);
    expect(body.fields).toHaveLength(1);
    const [f] = body.fields!;
    expect(f!.field).toBe(field);
    expect(f!.message).toMatch(new RegExp(`^${field} .*\\b${other}$`));
    expect(body.message).toBe(`Ugyldigt input: ${f!.message}`);
  }

  it('the audit, its trail and its CSV export: from after to, and a period over ten years', async () => {
    const coverage = await t.as(admin).get('/api/v1/audit/coverage?from=2020-12-31&to=2020-01-01').expect(400);
    expectCrossField(coverage.body, 'from', 'to');
    expect(coverage.body.message).toBe('Ugyldigt input: from skal ligge før eller på to');
    expectCrossField((await t.as(admin).get('/api/v1/audit/trail?from=2020-12-31&to=2020-01-01').expect(400)).body, 'from', 'to');
    expectCrossField((await t.as(admin).post('/api/v1/audit/coverage/exports').send({ from: '2020-12-31', to: '2020-01-01' }).expect(400)).body, 'from', 'to');
    expectCrossField((await t.as(admin).get('/api/v1/audit/coverage?from=2000-01-01&to=2020-12-31').expect(400)).body, 'to', 'from');
  });

  it('periods of the organisation: an assignment’s and a tilsynsenhed’s validTo before validFrom', async () => {
    const person = await idOf(t, 'person', 'leder.sk1@test.dk');
    const before = await t.query<{ n: string }>(`SELECT count(*)::text AS n FROM assignment`);
    const assignment = await t.as(admin).post('/api/v1/assignments').send({ unitId: sk1, personId: person, role: 'subLeader', validFrom: '2020-05-01', validTo: '2020-04-01' }).expect(400);
    expectCrossField(assignment.body, 'validTo', 'validFrom');
    expect(await t.query<{ n: string }>(`SELECT count(*)::text AS n FROM assignment`)).toEqual(before);
    const dt1 = await idOf(t, 'unit', 'DT-1');
    const enhed = await t.as(admin).post(`/api/v1/units/${dt1}/enheder`).send({ code: 'DT-1-X', name: 'Afdeling X', validFrom: '2020-05-01', validTo: '2020-04-01' }).expect(400);
    expectCrossField(enhed.body, 'validTo', 'validFrom');
  });

  it('a visit’s window, a booking’s times and the what-if plan’s next treatment', async () => {
    const visit = await t.as(admin).post('/api/v1/tilsyn/visits').send({ unitId: sk1, announcement: 'anmeldt', trigger: 'bekymring', opensOn: '2020-06-01', dueOn: '2020-05-01' }).expect(400);
    expectCrossField(visit.body, 'dueOn', 'opensOn');
    const leader = await authOf(t, 'leder.sk1@test.dk');
    const { items } = (await t.as(leader).get(`/api/v1/units/${sk1}/obligations?kind=laeringssamtale&limit=1`).expect(200)).body;
    const schedule = (body: object) => t.as(leader).post(`/api/v1/obligations/${items[0].id}/schedule`).send({ date: '2020-09-10', ...body }).expect(400);
    expectCrossField((await schedule({ startTime: '10:00', endTime: '09:00' })).body, 'endTime', 'startTime');
    expectCrossField((await schedule({ endTime: '09:00' })).body, 'endTime', 'startTime');
    const plan = await t.as(admin).get(`/api/v1/units/${sk1}/plan?treatedOn=2020-03-25&nextTreatment=2020-01-01`).expect(400);
    expectCrossField(plan.body, 'nextTreatment', 'treatedOn');
  });
});
