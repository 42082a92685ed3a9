import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * R6 through the API: a new chef registered from 1 May; on 15 April the chef
 * still in office sees and acts on the open samtale whose window is
 * February–June, and completing it records the people in office on the day
 * it was held.
 */
describe('a handover registered in advance never hides open work (R6)', () => {
  let t: TestApp;
  let admin: string;
  let oldChef: string;
  let newChef: string;
  let samtale3: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2025-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '0-6', 2025, '2025-03-25', ['Sprog']);
    t.clock.setToday('2026-04-15');
    const newChefId = (await t.as(admin).post('/api/v1/people').send({ name: 'Nina Nygaard', email: 'chef.ny@test.dk' }).expect(201)).body.id;
    await t.as(admin).post('/api/v1/assignments').send({ unitId: await idOf(t, 'unit', 'DT-1'), personId: newChefId, role: 'chef', validFrom: '2026-05-01' }).expect(201);
    await t.app.get(SchedulerService).runPass();
    oldChef = await authOf(t, 'chef.nord@test.dk');
    newChef = await authOf(t, 'chef.ny@test.dk');
    [{ id: samtale3 }] = await t.query<{ id: string }>(
      `SELECT o.id FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = 'DT-1' AND o.kind = 'laeringssamtale' AND o.sequence = 3`,
    );
  });
  afterAll(() => t.close());

  it('R3: the open samtale due 30 June records the chef on its due date, the new one', async () => {
    const res = await t.as(admin).get(`/api/v1/obligations/${samtale3}`).expect(200);
    expect(res.body).toMatchObject({ opensOn: '2026-02-01', dueOn: '2026-06-30', chefPersonId: await idOf(t, 'person', 'chef.ny@test.dk') });
  });

  it('R6: the chef in office today sees it (single, unit list, upcoming) and so does the chef recorded on its due date', async () => {
    await t.as(oldChef).get(`/api/v1/obligations/${samtale3}`).expect(200);
    await t.as(newChef).get(`/api/v1/obligations/${samtale3}`).expect(200);
    const list = (await t.as(oldChef).get(`/api/v1/units/${await idOf(t, 'unit', 'DT-1')}/obligations?kind=laeringssamtale`).expect(200)).body.items;
    expect(list.map((o: { id: string }) => o.id)).toContain(samtale3);
    const upcoming = (await t.as(oldChef).get('/api/v1/me/upcoming?days=90').expect(200)).body.items;
    expect(upcoming.map((o: { id: string }) => o.id)).toContain(samtale3);
    // Someone else's chef still sees nothing of it.
    await t.as(await authOf(t, 'chef.vest@test.dk')).get(`/api/v1/obligations/${samtale3}`).expect(404);
  });

  it('R6: the chef in office acts on it; a completed obligation records the chef in office on the day it was held', async () => {
    await t.as(oldChef).post(`/api/v1/obligations/${samtale3}/schedule`).send({ date: '2026-04-20' }).expect(200);
    // The board's input to samtale 3 shares its window; recorded with the chef on its due date (the new one) …
    const [{ id: input }] = await t.query<{ id: string }>(
      `SELECT o.id FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = 'DT-1' AND o.kind = 'bestyrelsesinput' AND o.sequence = 3`,
    );
    expect((await t.as(admin).get(`/api/v1/obligations/${input}`).expect(200)).body.chefPersonId).toBe(await idOf(t, 'person', 'chef.ny@test.dk'));
    // … and, held on 10 April, it records the chef in office that day.
    const res = await t.as(await authOf(t, 'bestyrelse.dt1@test.dk')).post(`/api/v1/obligations/${input}/complete`).send({ heldOn: '2026-04-10', boardStatement: 'Bestyrelsen bakker op om sprogindsatsen' }).expect(200);
    expect(res.body.chefPersonId).toBe(await idOf(t, 'person', 'chef.nord@test.dk'));
  });
});
