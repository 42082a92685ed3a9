import { authOf, followJob, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Datapakker as releases (R41–R43) through the API: one per age area and
 * half-year with its publication date; a samtale is never held before it; the
 * board contact sees its unit's releases.
 */
describe('datapakke releases (R41, R42, R43)', () => {
  let t: TestApp;
  let admin: string;
  let leader: string;
  const samtale1 = {
    participants: [
      { role: 'chef', name: 'Søren Vestergaard' },
      { role: 'leder', name: 'Mette Kjær' },
      { role: 'bestyrelsesrepraesentant', name: 'Trine Dahl' },
    ],
    agreements: ['Fravær følges op'],
    focusAreas: [{ title: 'Fravær', theme: 'Fravær' }],
    childrenPerspective: 'Elevrådet',
    dataInputs: ['A'],
  };
  const samtale = async (code: string, n: number) =>
    (await t.query<{ id: string }>(`SELECT o.id FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = $1 AND o.kind = 'laeringssamtale' AND o.sequence = $2`, [code, n]))[0]!.id;

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær']);
    leader = await authOf(t, 'leder.sk1@test.dk');
    t.clock.setToday('2020-05-01');
  });
  afterAll(() => t.close());

  it('R41/R42: only an administrator releases; never dated after today; the half-year must be written as one', async () => {
    await t.as(leader).post('/api/v1/datapakker/releases').send({ ageArea: '6-18', halfYear: '2020-foraar' }).expect(403);
    expect((await t.as(admin).post('/api/v1/datapakker/releases').send({ ageArea: '6-18', halfYear: '2020-foraar', publishedOn: '2020-05-02' }).expect(422)).body.rule).toBe('R41');
    await t.as(admin).post('/api/v1/datapakker/releases').send({ ageArea: '6-18', halfYear: '2020-vinter' }).expect(400);
    expect((await t.as(admin).post('/api/v1/datapakker/releases').send({ ageArea: '6-18', halfYear: '2021-efteraar', publishedOn: '2020-04-01' }).expect(422)).body.rule).toBe('R42');
    expect(await t.query(`SELECT * FROM datapakke_release`)).toEqual([]);
  });

  it('R42: a release per age area and half-year publishes the units’ current datapakke on its date; a second one is 409', async () => {
    const res = await t.as(admin).post('/api/v1/datapakker/releases').send({ ageArea: '6-18', halfYear: '2020-foraar', publishedOn: '2020-04-20' }).expect(202);
    const job = await followJob(t, admin, res.headers.location as string);
    // Issue 15: a release is a job; its progress counts the units whose datapakke it publishes.
    expect(job).toMatchObject({ kind: 'halvaarsudgivelse', state: 'faerdig', progress: { done: 2, total: 2 } });
    expect(job.result).toMatchObject({ ageArea: '6-18', halfYear: '2020-foraar', publishedOn: '2020-04-20', published: 2 });
    const [pakke] = await t.query<{ completed_on: string; state: string }>(
      `SELECT o.completed_on::text, o.state FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = 'SK-1' AND o.kind = 'datapakke' AND o.sequence = 1`,
    );
    expect(pakke).toEqual({ completed_on: '2020-04-20', state: 'completed' });
    await t.as(admin).post('/api/v1/datapakker/releases').send({ ageArea: '6-18', halfYear: '2020-foraar' }).expect(409);
  });

  it('R41: a samtale held before its datapakke was published is refused, comparing the dates', async () => {
    const early = await t.as(leader).post(`/api/v1/obligations/${await samtale('SK-1', 1)}/complete`).send({ ...samtale1, heldOn: '2020-04-10' }).expect(422);
    expect(early.body.rule).toBe('R41');
    expect(early.body.message).toContain('2020-04-20');
    await t.as(leader).post(`/api/v1/obligations/${await samtale('SK-1', 1)}/complete`).send({ ...samtale1, heldOn: '2020-04-20' }).expect(200);
  });

  it('R40/R42: the half-year’s release reaches a unit behind in its loop too: its datapakke whose window has opened', async () => {
    // FU-1 never held samtale 1, so it is still in round 1; its datapakke 2 opens for the autumn all the same
    // (R40: twice a year, whatever the unit's progress). It was left out before, and then nothing could publish it.
    t.clock.setToday('2020-08-10');
    const [fu2] = await t.query<{ opens_on: string }>(
      `SELECT o.opens_on::text FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = 'FU-1' AND o.kind = 'datapakke' AND o.sequence = 2`,
    );
    expect(fu2!.opens_on <= '2020-07-25').toBe(true);
    const res = await t.as(admin).post('/api/v1/datapakker/releases').send({ ageArea: '6-18', halfYear: '2020-efteraar', publishedOn: '2020-07-25' }).expect(202);
    const job = await followJob(t, admin, res.headers.location as string);
    expect(job.result.published).toBe(2);
    expect(job.progress).toMatchObject({ done: 2, total: 2 });
    const rows = await t.query<{ code: string; sequence: number; completed_on: string }>(
      `SELECT u.code, o.sequence, o.completed_on::text FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE o.kind = 'datapakke' AND o.state = 'completed' ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { code: 'FU-1', sequence: 1, completed_on: '2020-04-20' },
      { code: 'FU-1', sequence: 2, completed_on: '2020-07-25' },
      { code: 'SK-1', sequence: 1, completed_on: '2020-04-20' },
      { code: 'SK-1', sequence: 2, completed_on: '2020-07-25' },
    ]);
    // A datapakke whose window has not opened (round 3, the spring) is not published early.
    const later = await t.query(`SELECT o.id FROM obligation o WHERE o.kind = 'datapakke' AND o.sequence = 3 AND o.state = 'completed'`);
    expect(later).toEqual([]);
  });

  it('R43: the board contact sees its unit’s releases and datapakker; another unit’s board does not', async () => {
    const board = await authOf(t, 'bestyrelse.sk1@test.dk');
    const sk1 = await idOf(t, 'unit', 'SK-1');
    const res = await t.as(board).get(`/api/v1/units/${sk1}/datapakker`).expect(200);
    expect(res.body.releases.map((r: { halfYear: string }) => r.halfYear)).toEqual(['2020-efteraar', '2020-foraar']);
    expect(res.body.datapakker.slice(0, 2)).toEqual([
      expect.objectContaining({ sequence: 1, publishedOn: '2020-04-20' }),
      expect.objectContaining({ sequence: 2, publishedOn: '2020-07-25' }),
    ]);
    await t.as(await authOf(t, 'bestyrelse.dt1@test.dk')).get(`/api/v1/units/${sk1}/datapakker`).expect(404);
  });
});
