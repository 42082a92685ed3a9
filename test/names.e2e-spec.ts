import { danishDate } from '../workflows/obligation/booking.rules';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 10: answers that name a person by id give the name too; a unit's people for its chef and leader; late bookings warn. */
describe('names of people in API answers (issue 10)', () => {
  let t: TestApp;
  let admin: string;
  let leader: string;
  let sk1: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-04-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær', 'Læringsmiljø']);
    leader = await authOf(t, 'leder.sk1@test.dk');
    sk1 = await idOf(t, 'unit', 'SK-1');
  });
  afterAll(() => t.close());

  it("R3: a leader's list names the chef, the leader, the responsible person and the next-layer leader of R51 follow-ups", async () => {
    const { items } = (await t.as(leader).get(`/api/v1/units/${sk1}/obligations?limit=500`).expect(200)).body;
    const samtale = items.find((o: { kind: string }) => o.kind === 'laeringssamtale');
    expect(samtale).toMatchObject({ chefPersonName: 'Søren Vestergaard', leaderPersonName: 'Mette Kjær', naesteLedelseslagPersonId: null });
    expect(samtale.responsiblePersonName).toBe('Søren Vestergaard');
    const withSubLeader = items.filter((o: { naesteLedelseslagPersonName: string | null }) => o.naesteLedelseslagPersonName === 'Rasmus Lund');
    expect(withSubLeader.length).toBeGreaterThan(0);
    expect(withSubLeader[0].naesteLedelseslagPersonId).toBe(await idOf(t, 'person', 'pl.sk1@test.dk'));
    const board = items.find((o: { kind: string }) => o.kind === 'bestyrelsesinput');
    expect(board.responsiblePersonName).toBe('Trine Dahl');
    const one = (await t.as(leader).get(`/api/v1/obligations/${samtale.id}`).expect(200)).body;
    expect(one.chefPersonName).toBe('Søren Vestergaard');
    // The leader's own list tells two follow-ups of the same round apart by the next-layer leader's name.
    const upcoming = (await t.as(leader).get('/api/v1/me/upcoming?days=366&limit=500').expect(200)).body.items;
    const followUp = upcoming.find((o: { kind: string; subjectKey: string }) => o.kind === 'ledelsesopfoelgning' && o.subjectKey !== '');
    expect(followUp).toMatchObject({ naesteLedelseslagPersonName: 'Rasmus Lund', leaderPersonName: 'Mette Kjær', unitName: 'Ellekærskolen' });
    const timeline = (await t.as(leader).get(`/api/v1/units/${sk1}/timeline`).expect(200)).body;
    expect(timeline.loops[0].rounds[0].samtale.leaderPersonName).toBe('Mette Kjær');
  });

  it('booking after the due date is allowed but answered with a warning; on time there is none', async () => {
    const { items } = (await t.as(leader).get(`/api/v1/units/${sk1}/obligations?kind=laeringssamtale&limit=10`).expect(200)).body;
    const [first, second] = items;
    const late = await t.as(leader).post(`/api/v1/obligations/${first.id}/schedule`).send({ date: '2020-07-01' }).expect(200);
    expect(late.body.scheduledOn).toBe('2020-07-01');
    expect(late.body.warnings).toEqual([expect.objectContaining({ code: 'efter_frist' })]);
    expect(late.body.warnings[0].message).toContain(danishDate(first.dueOn));
    expect(late.body.leaderPersonName).toBe('Mette Kjær');
    const onTime = await t.as(leader).post(`/api/v1/obligations/${second.id}/schedule`).send({ date: second.opensOn }).expect(200);
    expect(onTime.body.warnings).toEqual([]);
    // The trail names who booked.
    const trail = (await t.as(admin).get(`/api/v1/audit/trail?obligationId=${first.id}`).expect(200)).body;
    expect(trail.items.find((i: { event: string }) => i.event === 'SCHEDULE').actorName).toBe('Mette Kjær');
  });

  it("a unit's current people: its chef and leader and admins may list them; a board contact gets 403 and another chef 404", async () => {
    const res = (await t.as(leader).get(`/api/v1/units/${sk1}/people`).expect(200)).body;
    expect(res.unitName).toBe('Ellekærskolen');
    expect(res.people.map((p: { role: string; name: string }) => [p.role, p.name])).toEqual([
      ['chef', 'Søren Vestergaard'],
      ['leader', 'Mette Kjær'],
      ['subLeader', 'Rasmus Lund'],
      ['board', 'Trine Dahl'],
    ]);
    await t.as(await authOf(t, 'chef.vest@test.dk')).get(`/api/v1/units/${sk1}/people`).expect(200);
    await t.as(admin).get(`/api/v1/units/${sk1}/people`).expect(200);
    await t.as(await authOf(t, 'bestyrelse.sk1@test.dk')).get(`/api/v1/units/${sk1}/people`).expect(403);
    await t.as(await authOf(t, 'chef.nord@test.dk')).get(`/api/v1/units/${sk1}/people`).expect(404);
  });
});
