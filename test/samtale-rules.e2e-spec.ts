import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const THEMES = ['Fravær', 'Læringsmiljø', 'Faglig udvikling'];

const people = [
  { role: 'chef', name: 'Søren Vestergaard' },
  { role: 'leder', name: 'Mette Kjær' },
  { role: 'bestyrelsesrepraesentant', name: 'Trine Dahl' },
  { role: 'medarbejderrepraesentant', name: 'Ole Krogh' },
];

const validSamtale1 = {
  heldOn: '2020-05-12',
  participants: people,
  agreements: ['Fraværsopfølgning på årgangsmøder hver måned'],
  focusAreas: [{ title: 'Tidlig indsats ved bekymrende fravær', theme: 'Fravær' }],
  childrenPerspective: 'Elevrådet inddrages via klassemøder før hver samtale',
  dataInputs: ['A', 'B', 'E'],
};

/**
 * Confirming a læringssamtale (R22–R28, R41) and the obligation lifecycle
 * (R71), through the API as leaders and administrators use it.
 */
describe('confirming læringssamtaler (R20–R28, R41) and the lifecycle (R71)', () => {
  let t: TestApp;
  let admin: string;
  let leader: string;
  const samtale = async (unit: string, sequence: number) => {
    const res = await t.as(admin).get(`/api/v1/units/${await idOf(t, 'unit', unit)}/obligations?kind=laeringssamtale`).expect(200);
    return res.body.items.find((o: { sequence: number }) => o.sequence === sequence) as { id: string; version: number; state: string };
  };
  const confirm = async (unit: string, sequence: number, body: object, auth = leader) =>
    t.as(auth).post(`/api/v1/obligations/${(await samtale(unit, sequence)).id}/complete`).send(body);
  const status = (res: { status: number; body: any }, expected: number) => {
    if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  };
  /** R41: the datapakke is published on `on` (today is moved there for the call). */
  const publish = async (unit: string, on: string) => {
    t.clock.setToday(on);
    try {
      return await t.as(admin).post('/api/v1/datapakker/publish').send({ unitId: unit });
    } finally {
      t.clock.setToday('2021-12-20');
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', THEMES);
    t.clock.setToday('2021-12-20');
    leader = await authOf(t, 'leder.sk1@test.dk');
  });
  afterAll(() => t.close());

  it('R41: a samtale cannot be confirmed before its datapakke is published', async () => {
    const res = status(await confirm('SK-1', 1, validSamtale1), 422);
    expect(res.body.rule).toBe('R41');
    expect((await samtale('SK-1', 1)).state).toBe('planned');
  });

  it('R41: only an administrator publishes datapakker', async () => {
    await t.as(leader).post('/api/v1/datapakker/publish').send({ unitId: await idOf(t, 'unit', 'SK-1') }).expect(403);
    const [pakke] = (await t.as(leader).get(`/api/v1/units/${await idOf(t, 'unit', 'SK-1')}/obligations?kind=datapakke&limit=1`).expect(200)).body.items;
    // The leader sees the datapakke but cannot publish it through /complete either.
    await t.as(leader).post(`/api/v1/obligations/${pakke.id}/complete`).send({ heldOn: '2020-03-25' }).expect(403);
    await t.as(admin).post('/api/v1/datapakker/publish').send({}).expect(400);
    const res = await publish(await idOf(t, 'unit', 'SK-1'), '2020-03-25');
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(1);
  });

  it.each([
    ['R22', 'no focus area at samtale 1', { focusAreas: [] }],
    ['R22', 'a focus area outside the report’s themes', { focusAreas: [{ title: 'Motorik', theme: 'Bevægelse' }] }],
    ['R23', 'no agreement', { agreements: [] }],
    ['R23', 'only blank agreements', { agreements: ['  '] }],
    ['R24', 'no decision on the children’s perspective', { childrenPerspective: ' ' }],
    ['R25', 'no data inputs', { dataInputs: [] }],
    ['R26', 'no chef among the participants', { participants: people.filter((p) => p.role !== 'chef') }],
    ['R26', 'no leader among the participants', { participants: people.filter((p) => p.role !== 'leder') }],
    ['R27', 'no board representative at samtale 1 and no reason for the deviation (R75)', { participants: people.filter((p) => p.role !== 'bestyrelsesrepraesentant') }],
  ])('%s: refuses samtale 1 with %s, naming the rule, and writes nothing', async (rule, _what, change) => {
    const before = await t.query(`SELECT count(*)::int AS n FROM transition`);
    const res = status(await confirm('SK-1', 1, { ...validSamtale1, ...change }), 422);
    // R75: a participation requirement does not refuse by itself; only the missing reason for the deviation does.
    expect(res.body.rule).toBe(rule === 'R27' ? 'R75' : rule);
    expect(res.body.violations.map((v: { rule: string }) => v.rule)).toContain(rule);
    expect(await t.query(`SELECT count(*)::int AS n FROM transition`)).toEqual(before);
    expect((await samtale('SK-1', 1)).state).toBe('planned');
  });

  it('R31: refuses a held date in the future or before the window opened (422 R31), and malformed confirmations (400)', async () => {
    expect(status(await confirm('SK-1', 1, { ...validSamtale1, heldOn: '2021-12-21' }), 422).body.rule).toBe('R31');
    expect(status(await confirm('SK-1', 1, { ...validSamtale1, heldOn: '2020-03-24' }), 422).body.rule).toBe('R31');
    status(await confirm('SK-1', 1, { ...validSamtale1, participants: [{ role: 'rektor', name: 'X' }] }), 400);
    status(await confirm('SK-1', 1, { ...validSamtale1, dataInputs: ['F'] }), 400);
    status(await confirm('SK-1', 1, { ...validSamtale1, extra: 1 }), 400);
  });

  it('R20: samtale 2 cannot be confirmed before samtale 1', async () => {
    expect((await publish(await idOf(t, 'unit', 'FU-1'), '2020-03-25')).status).toBe(200);
    // Waive SK-1's datapakke 2 so that R41 is satisfied and only the order can refuse.
    const pakke2 = (await t.as(admin).get(`/api/v1/units/${await idOf(t, 'unit', 'SK-1')}/obligations?kind=datapakke`).expect(200)).body.items.find(
      (p: { sequence: number }) => p.sequence === 2,
    );
    await t.as(admin).post(`/api/v1/obligations/${pakke2.id}/waive`).send({ reason: 'Testdata' }).expect(200);
    const res = status(await confirm('SK-1', 2, { ...validSamtale1, heldOn: '2020-10-01', focusAreas: undefined, childrenPerspective: undefined }), 422);
    expect(res.body.rule).toBe('R20');
  });

  it('R22–R27: accepts a complete samtale 1 and moves the loop to round 2', async () => {
    const res = status(await confirm('SK-1', 1, validSamtale1), 200);
    expect(res.body).toMatchObject({ state: 'completed', completedOn: '2020-05-12', late: false });
    const [loop] = await t.query<{ state: string }>(`SELECT l.state FROM learning_loop l JOIN unit u ON u.id = l.unit_id WHERE u.code = 'SK-1'`);
    expect(loop!.state).toBe('runde2');
  });

  it('409: confirming the same samtale again names state and event', async () => {
    const res = status(await confirm('SK-1', 1, validSamtale1), 409);
    expect(res.body).toMatchObject({ state: 'completed', event: 'COMPLETE' });
  });

  it('R27: samtaler 2–4 need the board present or its written statement; without either, only a deviation with a reason (R75)', async () => {
    const withoutBoard = {
      heldOn: '2020-11-10', participants: people.filter((p) => p.role !== 'bestyrelsesrepraesentant'), agreements: ['Opfølgning'], dataInputs: ['A'],
      agreementFollowUp: [{ agreement: 'Fraværsopfølgning på årgangsmøder hver måned', status: 'gennemfoert', note: 'Sket' }],
    };
    const res = status(await confirm('SK-1', 2, withoutBoard), 422);
    expect(res.body.rule).toBe('R75');
    expect(res.body.violations.map((v: { rule: string }) => v.rule)).toContain('R27');
    status(await confirm('SK-1', 2, { ...withoutBoard, boardStatement: 'Bestyrelsen støtter fokus på fravær.' }), 200);
  });

  it('R41: an administrator may waive a datapakke with a reason, and the samtale can then be confirmed', async () => {
    const pakker = (await t.as(admin).get(`/api/v1/units/${await idOf(t, 'unit', 'SK-1')}/obligations?kind=datapakke`).expect(200)).body.items;
    const third = pakker.find((p: { sequence: number }) => p.sequence === 3);
    // R71: a leader cannot waive, and an admin must give a reason.
    expect((await t.as(leader).post(`/api/v1/obligations/${third.id}/waive`).send({ reason: 'Vil ikke' }).expect(422)).body.rule).toBe('R71');
    await t.as(admin).post(`/api/v1/obligations/${third.id}/waive`).send({}).expect(400);
    await t.as(admin).post(`/api/v1/obligations/${third.id}/waive`).send({ reason: 'Data forsinket fra leverandør' }).expect(200);
    status(await confirm('SK-1', 3, { heldOn: '2021-04-20', participants: people, agreements: ['Ny aftale'], dataInputs: ['B'], agreementFollowUp: [{ agreement: 'Opfølgning', status: 'gennemfoert', note: 'Sket' }] }), 200);
  });

  it('R27/R28/R75: an FU samtale without the board, the youth or the afdelingsleder representative is recorded as a deviation with a reason, never refused', async () => {
    const fu = await authOf(t, 'leder.fu1@test.dk');
    const fuPeople = [{ role: 'chef', name: 'Søren' }, { role: 'leder', name: 'Jens' }, { role: 'bestyrelsesrepraesentant', name: 'Bo' }, { role: 'afdelingslederrepraesentant', name: 'Aida' }];
    const young = { role: 'ungerepraesentant', name: 'Ida (ungt bestyrelsesmedlem)' };
    const base = { participants: fuPeople, agreements: ['Aftale'], dataInputs: ['A'] };
    // Samtale 1 without a board member (R27): recorded with the reason.
    const noBoard = { ...base, participants: [...fuPeople.filter((p) => p.role !== 'bestyrelsesrepraesentant'), young], heldOn: '2020-05-01', focusAreas: [{ title: 'Trivsel i klubberne', theme: 'Læringsmiljø' }], childrenPerspective: 'Senatet spørges' };
    expect(status(await confirm('FU-1', 1, noBoard, fu), 422).body.rule).toBe('R75');
    const first = status(await confirm('FU-1', 1, { ...noBoard, deviationReason: 'Bestyrelsesmedlemmet blev syg samme dag' }, fu), 200);
    expect(first.body.state).toBe('completed');
    const [one] = await t.query<{ completion: { deviations: unknown[] } }>(`SELECT completion FROM obligation WHERE id = $1`, [first.body.id]);
    expect(one!.completion.deviations).toEqual([expect.objectContaining({ rule: 'R27', reason: 'Bestyrelsesmedlemmet blev syg samme dag' })]);
    expect((await publish(await idOf(t, 'unit', 'FU-1'), '2020-08-01')).status).toBe(200);
    status(await confirm('FU-1', 2, { ...base, heldOn: '2020-10-01', agreementFollowUp: [{ agreement: 'Aftale', status: 'gennemfoert', note: 'Sket' }] }, fu), 200);
    // Samtale 3 without the board and without its statement (R27): a deviation; its bestyrelsesinput stays open.
    expect((await publish(await idOf(t, 'unit', 'FU-1'), '2021-02-01')).status).toBe(200);
    status(await confirm('FU-1', 3, {
      ...base, participants: fuPeople.filter((p) => p.role !== 'bestyrelsesrepraesentant'), heldOn: '2021-04-01',
      agreementFollowUp: [{ agreement: 'Aftale', status: 'gennemfoert', note: 'Sket' }], deviationReason: 'Bestyrelsen var forhindret',
    }, fu), 200);
    expect((await publish(await idOf(t, 'unit', 'FU-1'), '2021-08-01')).status).toBe(200);
    // Samtale 4 closes the year 3–4 without a youth representative (R28): a deviation with a reason.
    const res = status(await confirm('FU-1', 4, { ...base, heldOn: '2021-10-01', agreementFollowUp: [{ agreement: 'Aftale', status: 'gennemfoert', note: 'Sket' }] }, fu), 422);
    expect(res.body.rule).toBe('R75');
    expect(res.body.violations.map((v: { rule: string }) => v.rule)).toContain('R28');
    const fourth = status(await confirm('FU-1', 4, { ...base, heldOn: '2021-10-01', agreementFollowUp: [{ agreement: 'Aftale', status: 'gennemfoert', note: 'Sket' }], deviationReason: 'Senatet var ikke konstitueret i efteråret' }, fu), 200);
    const [four] = await t.query<{ completion: { deviations: { rule: string }[] } }>(`SELECT completion FROM obligation WHERE id = $1`, [fourth.body.id]);
    expect(four!.completion.deviations.map((d) => d.rule)).toEqual(['R28']);
    // The audit flags both deviations, with their reasons.
    const audit = (await t.as(admin).get(`/api/v1/audit/coverage?from=2020-01-01&to=2021-12-31&unitId=${await idOf(t, 'unit', 'FU-1')}`).expect(200)).body;
    const rules = audit.items[0].rules as { rule: string; pass: boolean; failing: { message: string }[] }[];
    expect(rules.find((r) => r.rule === 'R27')!.failing.map((f) => f.message).join()).toContain('Bestyrelsesmedlemmet blev syg samme dag');
    expect(rules.find((r) => r.rule === 'R28')!.failing.map((f) => f.message).join()).toContain('Senatet var ikke konstitueret i efteråret');
  });

  it('R20: only the latest held samtale can be reopened', async () => {
    const first = await samtale('SK-1', 1);
    const res = await t.as(admin).post(`/api/v1/obligations/${first.id}/reopen`).send({ reason: 'Forkert' }).expect(422);
    expect(res.body.rule).toBe('R20');
    expect((await samtale('SK-1', 1)).state).toBe('completed');
  });

  it('R71: only an administrator reopens a completed obligation, with a reason; the loop steps back', async () => {
    const third = await samtale('SK-1', 3);
    expect((await t.as(leader).post(`/api/v1/obligations/${third.id}/reopen`).send({ reason: 'Fejl' }).expect(422)).body.rule).toBe('R71');
    const reopened = await t.as(admin).post(`/api/v1/obligations/${third.id}/reopen`).send({ reason: 'Forkert dato registreret' }).expect(200);
    expect(reopened.body.state).toBe('overdue'); // past its due date (R72)
    const [loop] = await t.query<{ state: string }>(`SELECT l.state FROM learning_loop l JOIN unit u ON u.id = l.unit_id WHERE u.code = 'SK-1'`);
    expect(loop!.state).toBe('runde3');
    const late = status(await confirm('SK-1', 3, { heldOn: '2021-08-20', participants: people, agreements: ['Ny aftale'], dataInputs: ['B'], agreementFollowUp: [{ agreement: 'Opfølgning', status: 'gennemfoert', note: 'Sket' }] }), 200);
    expect(late.body.late).toBe(true);
  });

  it('R71: a stale version answers 409; two leaders confirming at once: exactly one succeeds', async () => {
    const fourth = await samtale('SK-1', 4);
    expect((await publish(await idOf(t, 'unit', 'SK-1'), '2021-08-01')).status).toBe(200);
    const stale = await t.as(leader).post(`/api/v1/obligations/${fourth.id}/schedule`).send({ date: '2021-11-01', version: fourth.version + 5 }).expect(409);
    expect(stale.body).toMatchObject({ state: 'planned', event: 'SCHEDULE' });
    const body = { heldOn: '2021-11-02', participants: people, agreements: ['Afslutning'], dataInputs: ['A'], agreementFollowUp: [{ agreement: 'Ny aftale', status: 'gennemfoert', note: 'Sket' }] };
    const chef = await authOf(t, 'chef.vest@test.dk');
    const results = await Promise.all([confirm('SK-1', 4, body), confirm('SK-1', 4, body, chef)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const completions = await t.query(`SELECT * FROM transition WHERE obligation_id = $1 AND event = 'COMPLETE'`, [fourth.id]);
    expect(completions).toHaveLength(1);
  });

  it('R32: samtale n ≥ 2 needs a status with a note for every agreement of samtale n−1; the timeline shows the chain', async () => {
    // SK-1's samtale 4 (confirmed above) followed up samtale 3's agreement; the timeline shows the chain.
    const timeline = (await t.as(leader).get(`/api/v1/units/${await idOf(t, 'unit', 'SK-1')}/timeline`).expect(200)).body;
    const chain = timeline.loops[0].agreements as { sequence: number; agreements: string[]; followUpOfPrevious: { agreement: string; status: string }[] }[];
    expect(chain.find((c) => c.sequence === 4)!.followUpOfPrevious).toEqual([expect.objectContaining({ agreement: 'Ny aftale', status: 'gennemfoert' })]);
    expect(chain.find((c) => c.sequence === 3)!.agreements).toEqual(['Ny aftale']);
  });

  it('R71/R81: every transition is in the audit trail, and the database refuses to change it', async () => {
    const trail = await t.query<{ event: string; actor_person_id: string | null }>(`SELECT event, actor_person_id FROM transition WHERE event IN ('COMPLETE', 'WAIVE', 'REOPEN')`);
    expect(trail.length).toBeGreaterThan(5);
    await expect(t.query(`UPDATE transition SET reason = 'ændret'`)).rejects.toThrow(/kan ikke ændres/);
    await expect(t.query(`DELETE FROM transition`)).rejects.toThrow(/kan ikke ændres/);
    await expect(t.query(`TRUNCATE transition CASCADE`)).rejects.toThrow(/kan ikke ændres/);
  });

  it('R27: the board’s statement on a samtale completes that round’s bestyrelsesinput; on its own the input is a statement or a representative', async () => {
    const [viaSamtale] = await t.query<{ state: string; completion: { viaSamtale?: string; boardStatement?: string } }>(
      `SELECT o.state, o.completion FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = 'SK-1' AND o.kind = 'bestyrelsesinput' AND o.sequence = 2`,
    );
    expect(viaSamtale).toMatchObject({ state: 'completed', completion: { boardStatement: 'Bestyrelsen støtter fokus på fravær.', viaSamtale: expect.any(String) } });
    const board = await authOf(t, 'bestyrelse.fu1@test.dk');
    const [input] = await t.query<{ id: string }>(
      `SELECT o.id FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = 'FU-1' AND o.kind = 'bestyrelsesinput' AND o.state <> 'completed' ORDER BY o.sequence LIMIT 1`,
    );
    expect((await t.as(board).post(`/api/v1/obligations/${input!.id}/complete`).send({ heldOn: '2021-04-10' }).expect(422)).body.rule).toBe('R27');
    await t.as(board).post(`/api/v1/obligations/${input!.id}/complete`).send({ heldOn: '2021-04-10', boardStatement: 'Bestyrelsen ønsker fokus på trivsel' }).expect(200);
  });

  it('R71: cancelling needs an administrator and a reason', async () => {
    const [followUp] = (await t.as(admin).get(`/api/v1/units/${await idOf(t, 'unit', 'SK-1')}/obligations?kind=ledelsesopfoelgning&state=planned&limit=1`).expect(200)).body.items;
    expect((await t.as(leader).post(`/api/v1/obligations/${followUp.id}/cancel`).send({ reason: 'x' }).expect(422)).body.rule).toBe('R71');
    const res = await t.as(admin).post(`/api/v1/obligations/${followUp.id}/cancel`).send({ reason: 'Lederen på orlov' }).expect(200);
    expect(res.body).toMatchObject({ state: 'cancelled', reason: 'Lederen på orlov' });
    // Another unit's leader does not see it at all.
    await t.as(await authOf(t, 'leder.dt1@test.dk')).get(`/api/v1/obligations/${followUp.id}`).expect(404);
  });
});
