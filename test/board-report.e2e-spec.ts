import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** A selvejende board's tilsynsafrapportering and the chef's review of it (R60–R62). */
describe('the selvejende board report and the chef’s review (R60–R62)', () => {
  let t: TestApp;
  let admin: string;
  let reportId: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2021-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '0-6', 2021, '2021-03-24', ['Sprog']);
    const unit = await idOf(t, 'unit', 'DT-2');
    reportId = (await t.query<{ id: string }>(`SELECT id FROM obligation WHERE unit_id = $1 AND kind = 'tilsynsafrapportering' AND sequence = 1`, [unit]))[0]!.id;
    t.clock.setToday('2021-11-20');
  });
  afterAll(() => t.close());

  it('R62: the chef cannot review before the board has reported', async () => {
    const res = await t.as(await authOf(t, 'chef.vest@test.dk')).post(`/api/v1/obligations/${reportId}/review`).send({ decision: 'ingen_opfoelgning' }).expect(409);
    expect(res.body.event).toBe('REVIEWED');
  });

  it('R61: the board contact submits the tilsynsafrapportering', async () => {
    const res = await t.as(await authOf(t, 'bestyrelse.dt2@test.dk')).post(`/api/v1/obligations/${reportId}/complete`).send({ heldOn: '2021-11-15', note: 'Basistilsyn og pædagogisk tilsyn gennemført' }).expect(200);
    expect(res.body.state).toBe('completed');
  });

  it('R62: only the unit’s chef reviews; a leader is refused with the rule id', async () => {
    const res = await t.as(await authOf(t, 'leder.dt2@test.dk')).post(`/api/v1/obligations/${reportId}/review`).send({ decision: 'opfoelgningsmoede' }).expect(422);
    expect(res.body.rule).toBe('R62');
    await t.as(await authOf(t, 'chef.vest@test.dk')).post(`/api/v1/obligations/${reportId}/review`).send({ decision: 'maybe' }).expect(400);
  });

  it('R62: deciding on a follow-up meeting creates an opfoelgningsmoede due six weeks later, owned by the chef', async () => {
    const chef = await authOf(t, 'chef.vest@test.dk');
    const res = await t.as(chef).post(`/api/v1/obligations/${reportId}/review`).send({ decision: 'opfoelgningsmoede' }).expect(200);
    expect(res.body).toMatchObject({ state: 'opfoelgning', decision: 'opfoelgningsmoede', decidedOn: '2021-11-20' });
    const meeting = (await t.as(chef).get(`/api/v1/obligations/${res.body.followupObligationId}`).expect(200)).body;
    expect(meeting).toMatchObject({ kind: 'opfoelgningsmoede', dueOn: '2022-01-01', responsibleRole: 'chef', responsiblePersonId: await idOf(t, 'person', 'chef.vest@test.dk') });
    // Reviewing twice is not accepted by the statechart.
    await t.as(chef).post(`/api/v1/obligations/${reportId}/review`).send({ decision: 'ingen_opfoelgning' }).expect(409);
    // Holding the meeting completes the review.
    await t.as(chef).post(`/api/v1/obligations/${res.body.followupObligationId}/complete`).send({ heldOn: '2021-11-20', agreements: ['Ny handleplan'] }).expect(200);
    const [review] = await t.query<{ state: string }>(`SELECT state FROM board_report_review WHERE obligation_id = $1`, [reportId]);
    expect(review!.state).toBe('afsluttet');
  });
});
