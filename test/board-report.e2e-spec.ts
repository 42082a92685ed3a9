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

  it('R63: the received report gives the chef a review obligation due six weeks later, in the upcoming list; it is done by deciding, not by /complete', async () => {
    const chef = await authOf(t, 'chef.vest@test.dk');
    const [review] = await t.query<{ id: string; opens_on: string; due_on: string; responsible_role: string; state: string }>(
      `SELECT id, opens_on::text, due_on::text, responsible_role, state FROM obligation WHERE kind = 'tilsynsgennemgang' AND subject_key = $1`,
      [reportId],
    );
    expect(review).toMatchObject({ opens_on: '2021-11-15', due_on: '2021-12-27', responsible_role: 'chef', state: 'planned' });
    const upcoming = (await t.as(chef).get('/api/v1/me/upcoming?days=60').expect(200)).body.items;
    expect(upcoming.map((o: { id: string }) => o.id)).toContain(review!.id);
    expect((await t.as(chef).post(`/api/v1/obligations/${review!.id}/complete`).send({ heldOn: '2021-11-20' }).expect(422)).body.rule).toBe('R63');
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
    // R63: the decision completes the review obligation and shows on the report.
    const [done] = await t.query<{ state: string; completed_on: string }>(`SELECT state, completed_on::text FROM obligation WHERE kind = 'tilsynsgennemgang' AND subject_key = $1`, [reportId]);
    expect(done).toEqual({ state: 'completed', completed_on: '2021-11-20' });
    expect((await t.as(chef).get(`/api/v1/obligations/${reportId}`).expect(200)).body.review).toMatchObject({ decision: 'opfoelgningsmoede', decidedOn: '2021-11-20' });
    // Reviewing twice is not accepted by the statechart.
    await t.as(chef).post(`/api/v1/obligations/${reportId}/review`).send({ decision: 'ingen_opfoelgning' }).expect(409);
    // Holding the meeting completes the review.
    await t.as(chef).post(`/api/v1/obligations/${res.body.followupObligationId}/complete`).send({ heldOn: '2021-11-20', agreements: ['Ny handleplan'] }).expect(200);
    const [review] = await t.query<{ state: string }>(`SELECT state FROM board_report_review WHERE obligation_id = $1`, [reportId]);
    expect(review!.state).toBe('afsluttet');
  });

  it('R63: a report recorded without its review (bulk-recorded, or from before R63) can still be reviewed; the scheduler starts its review obligation', async () => {
    const [second] = await t.query<{ id: string }>(`SELECT o.id FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = 'DT-2' AND o.kind = 'tilsynsafrapportering' AND o.sequence = 2`);
    await t.query(`UPDATE obligation SET state = 'completed', completed_on = '2021-11-18' WHERE id = $1`, [second!.id]);
    const { SchedulerService } = await import('../src/modules/scheduler/scheduler.service');
    await t.app.get(SchedulerService).runPass();
    const [review] = await t.query<{ due_on: string }>(`SELECT due_on::text FROM obligation WHERE kind = 'tilsynsgennemgang' AND subject_key = $1`, [second!.id]);
    expect(review).toEqual({ due_on: '2021-12-30' });
    const res = await t.as(await authOf(t, 'chef.vest@test.dk')).post(`/api/v1/obligations/${second!.id}/review`).send({ decision: 'ingen_opfoelgning' }).expect(200);
    expect(res.body.decision).toBe('ingen_opfoelgning');
  });
});
