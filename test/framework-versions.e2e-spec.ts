import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** R73: the framework versions and the what-if plan, which writes nothing. */
describe('framework versions and the what-if plan (R73)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2026, '2026-03-25', ['Fravær']);
    t.clock.setToday('2026-11-30');
  });
  afterAll(() => t.close());

  it('R73: lists every version with its effective date and settings', async () => {
    const res = await t.as(await authOf(t, 'chef.vest@test.dk')).get('/api/v1/framework-versions').expect(200);
    expect(res.body.items[0]).toMatchObject({
      id: 'aarhus-2021',
      effectiveFrom: '2020-01-01',
      inForceToday: true,
      settings: expect.objectContaining({ samtaleCount: 4, loopopsamling: expect.objectContaining({ dueMonthDay: '10-01' }) }),
    });
  });

  it('R73: the what-if plan shows a loop’s obligations under a version and treatment date, and writes nothing', async () => {
    const sk1 = await idOf(t, 'unit', 'SK-1');
    const before = await t.query(`SELECT (SELECT count(*) FROM obligation)::int AS o, (SELECT count(*) FROM learning_loop)::int AS l, (SELECT count(*) FROM transition)::int AS t`);
    const res = await t.as(admin).get(`/api/v1/units/${sk1}/plan?version=aarhus-2021&treatedOn=2028-03-22`).expect(200);
    expect(res.body).toMatchObject({ version: 'aarhus-2021', treatedOn: '2028-03-22', written: false });
    expect(res.body.counts).toMatchObject({ laeringssamtale: 4, datapakke: 4, elevinput: 1, bestyrelsesinput: 3, loopopsamling: 1 });
    // R51: the registered next-layer leader gets the same follow-ups: 12 + 12.
    expect(res.body.counts.ledelsesopfoelgning).toBe(24);
    expect(res.body.obligations.find((o: { kind: string }) => o.kind === 'loopopsamling')).toMatchObject({ dueOn: '2029-10-01' });
    expect(await t.query(`SELECT (SELECT count(*) FROM obligation)::int AS o, (SELECT count(*) FROM learning_loop)::int AS l, (SELECT count(*) FROM transition)::int AS t`)).toEqual(before);
    // Without a date, the unit's current loop start.
    expect((await t.as(admin).get(`/api/v1/units/${sk1}/plan`).expect(200)).body.treatedOn).toBe('2026-03-25');
  });

  it('R73: an unknown version, a malformed date or a date before the framework is 400; another unit’s people get 404', async () => {
    const sk1 = await idOf(t, 'unit', 'SK-1');
    await t.as(admin).get(`/api/v1/units/${sk1}/plan?version=aarhus-2099`).expect(400);
    await t.as(admin).get(`/api/v1/units/${sk1}/plan?treatedOn=2028-02-30`).expect(400);
    await t.as(admin).get(`/api/v1/units/${sk1}/plan?treatedOn=2019-03-20`).expect(400);
    await t.as(await authOf(t, 'leder.dt1@test.dk')).get(`/api/v1/units/${sk1}/plan`).expect(404);
  });
});
