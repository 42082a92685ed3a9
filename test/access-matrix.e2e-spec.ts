import { SignJWT } from 'jose';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

type Actor = 'admin' | 'chef' | 'otherChef' | 'leader' | 'otherLeader' | 'board' | 'subLeader' | 'anonymous' | 'expired' | 'forged';
// Admin last: its successful cancel must not change what the others are refused for.
const ACTORS: Actor[] = ['chef', 'otherChef', 'leader', 'otherLeader', 'board', 'subLeader', 'anonymous', 'expired', 'forged', 'admin'];

interface Row {
  name: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  path: (ids: Ids) => string;
  body?: (ids: Ids) => object;
  /** Expected status per actor; missing actors expect `rest`. */
  expect: Partial<Record<Actor, number>> & { rest: number };
}

interface Ids {
  unit: string;
  subFollowUp: string;
  datapakke: string;
  samtale: string;
  bestyrelsesinput: string;
  followUp: string;
  report: string;
}

const ADMIN_ONLY = { admin: 200, anonymous: 401, expired: 401, forged: 401, rest: 403 };
const SCOPED = { admin: 200, chef: 200, leader: 200, anonymous: 401, expired: 401, forged: 401, rest: 404 };

/**
 * Every endpoint × every kind of caller: who may see and do what comes from
 * the assignments (R3), outside one's scope a resource does not exist (404),
 * admin-only operations answer 403, and a missing, expired or forged token 401.
 */
const MATRIX: Row[] = [
  { name: 'list units', method: 'get', path: () => '/api/v1/units', expect: ADMIN_ONLY },
  { name: 'one unit', method: 'get', path: (i) => `/api/v1/units/${i.unit}`, expect: ADMIN_ONLY },
  { name: 'update unit', method: 'patch', path: (i) => `/api/v1/units/${i.unit}`, body: () => ({ district: 'Vest' }), expect: ADMIN_ONLY },
  { name: 'list people', method: 'get', path: () => '/api/v1/people', expect: ADMIN_ONLY },
  { name: 'list assignments', method: 'get', path: () => '/api/v1/assignments', expect: ADMIN_ONLY },
  { name: 'import', method: 'post', path: () => '/api/v1/import', expect: { ...ADMIN_ONLY, admin: 400 } },
  { name: 'list quality reports', method: 'get', path: () => '/api/v1/quality-reports', expect: ADMIN_ONLY },
  { name: 'one quality report', method: 'get', path: (i) => `/api/v1/quality-reports/${i.report}`, expect: ADMIN_ONLY },
  { name: 'record a milestone', method: 'post', path: (i) => `/api/v1/quality-reports/${i.report}/milestones`, body: () => ({ milestone: 'temaer_valgt', date: '2020-01-01' }), expect: { ...ADMIN_ONLY, admin: 422 } }, // R11: out of order
  { name: 'publish datapakker', method: 'post', path: () => '/api/v1/datapakker/publish', body: (i) => ({ unitId: i.unit }), expect: ADMIN_ONLY },
  { name: 'a unit’s obligations', method: 'get', path: (i) => `/api/v1/units/${i.unit}/obligations`, expect: { ...SCOPED, board: 200, subLeader: 200 } },
  { name: 'a unit’s timeline', method: 'get', path: (i) => `/api/v1/units/${i.unit}/timeline`, expect: { ...SCOPED, board: 200, subLeader: 200 } },
  { name: 'the next-layer leader’s own follow-up', method: 'get', path: (i) => `/api/v1/obligations/${i.subFollowUp}`, expect: { ...SCOPED, subLeader: 200 } },
  { name: 'book the next-layer leader’s follow-up', method: 'post', path: (i) => `/api/v1/obligations/${i.subFollowUp}/schedule`, body: () => ({ date: '2020-06-15' }), expect: { ...SCOPED, subLeader: 200, chef: 403 } },
  { name: 'one samtale', method: 'get', path: (i) => `/api/v1/obligations/${i.samtale}`, expect: SCOPED },
  { name: 'the board’s input', method: 'get', path: (i) => `/api/v1/obligations/${i.bestyrelsesinput}`, expect: { ...SCOPED, board: 200 } },
  { name: 'book a samtale', method: 'post', path: (i) => `/api/v1/obligations/${i.samtale}/schedule`, body: () => ({ date: '2020-05-01' }), expect: SCOPED },
  {
    name: 'book the board’s input (the board’s own duty: not the chef’s)',
    method: 'post',
    path: (i) => `/api/v1/obligations/${i.bestyrelsesinput}/schedule`,
    body: () => ({ date: '2020-10-01' }),
    expect: { ...SCOPED, chef: 403, board: 200 },
  },
  { name: 'book a datapakke (the administration’s)', method: 'post', path: (i) => `/api/v1/obligations/${i.datapakke}/schedule`, body: () => ({ date: '2020-08-01' }), expect: { ...SCOPED, chef: 403, leader: 403 } },
  { name: 'waive (R71: admin only)', method: 'post', path: (i) => `/api/v1/obligations/${i.datapakke}/waive`, body: () => ({ reason: 'test' }), expect: { ...SCOPED, chef: 422, leader: 422 } },
  { name: 'reopen (not completed yet: 409 for whoever may see it)', method: 'post', path: (i) => `/api/v1/obligations/${i.samtale}/reopen`, body: () => ({ reason: 'test' }), expect: { ...SCOPED, admin: 409, chef: 409, leader: 409 } },
  { name: 'review a board report (not one here → 404 for all)', method: 'post', path: (i) => `/api/v1/obligations/${i.samtale}/review`, body: () => ({ decision: 'ingen_opfoelgning' }), expect: { ...SCOPED, admin: 404, chef: 404, leader: 404 } },
  { name: 'create a unit', method: 'post', path: () => '/api/v1/units', body: () => ({ code: 'X-1', name: 'X', type: 'skole', validFrom: '2020-01-01' }), expect: { ...ADMIN_ONLY, admin: 201 } },
  { name: 'create a person', method: 'post', path: () => '/api/v1/people', body: () => ({ name: 'Ny', email: 'ny.person@test.dk' }), expect: { ...ADMIN_ONLY, admin: 201 } },
  { name: 'create an assignment', method: 'post', path: () => '/api/v1/assignments', body: () => ({ unitId: '00000000-0000-4000-8000-000000000000', personId: '00000000-0000-4000-8000-000000000000', role: 'board', validFrom: '2020-01-01' }), expect: { ...ADMIN_ONLY, admin: 404 } },
  { name: 'close a unit', method: 'post', path: () => '/api/v1/units/00000000-0000-4000-8000-000000000000/close', body: () => ({ date: '2030-01-01' }), expect: { ...ADMIN_ONLY, admin: 404 } },
  { name: 'correct an assignment', method: 'patch', path: () => '/api/v1/assignments/00000000-0000-4000-8000-000000000000', body: () => ({ validTo: '2030-01-01' }), expect: { ...ADMIN_ONLY, admin: 404 } },
  { name: 'close an assignment', method: 'post', path: () => '/api/v1/assignments/00000000-0000-4000-8000-000000000000/close', body: () => ({ date: '2030-01-01' }), expect: { ...ADMIN_ONLY, admin: 404 } },
  { name: 'update a person', method: 'patch', path: () => '/api/v1/people/00000000-0000-4000-8000-000000000000', body: () => ({ name: 'X' }), expect: { ...ADMIN_ONLY, admin: 404 } },
  { name: 'create a quality report', method: 'post', path: () => '/api/v1/quality-reports', body: () => ({ ageArea: '0-6', year: 2021, themes: ['Sprog'] }), expect: { ...ADMIN_ONLY, admin: 201 } },
  {
    name: 'confirm a samtale (refused by R41 until the datapakke is out)',
    method: 'post',
    path: (i) => `/api/v1/obligations/${i.samtale}/complete`,
    body: () => ({ heldOn: '2020-05-01', participants: [{ role: 'chef', name: 'x' }], agreements: ['x'], dataInputs: ['A'] }),
    expect: { ...SCOPED, admin: 422, chef: 422, leader: 422 },
  },
  { name: 'cancel (R71: admin only)', method: 'post', path: (i) => `/api/v1/obligations/${i.followUp}/cancel`, body: () => ({ reason: 'test' }), expect: { ...SCOPED, chef: 422, leader: 422 } },
  { name: 'my upcoming', method: 'get', path: () => '/api/v1/me/upcoming', expect: { anonymous: 401, expired: 401, forged: 401, rest: 200 } },
  { name: 'me', method: 'get', path: () => '/api/v1/me', expect: { anonymous: 401, expired: 401, forged: 401, rest: 200 } },
  { name: 'my calendar', method: 'get', path: () => '/api/v1/me/calendar.ics', expect: { anonymous: 401, expired: 401, forged: 401, rest: 200 } },
  { name: 'create my calendar feed', method: 'post', path: () => '/api/v1/me/calendar-feed', expect: { anonymous: 401, expired: 401, forged: 401, rest: 201 } },
  { name: 'remove my calendar feed', method: 'delete', path: () => '/api/v1/me/calendar-feed', expect: { anonymous: 401, expired: 401, forged: 401, rest: 204 } },
  { name: 'a calendar feed with an unknown token', method: 'get', path: () => `/api/v1/calendar/${'A'.repeat(43)}.ics`, expect: { rest: 401 } },
  { name: 'coverage audit (chefs get their own units)', method: 'get', path: () => '/api/v1/audit/coverage?from=2020-01-01&to=2021-12-31', expect: { anonymous: 401, expired: 401, forged: 401, rest: 200 } },
  { name: 'audit trail', method: 'get', path: () => '/api/v1/audit/trail', expect: { anonymous: 401, expired: 401, forged: 401, rest: 200 } },
  { name: 'focus areas', method: 'get', path: () => '/api/v1/focus-areas?ageArea=6-18', expect: { anonymous: 401, expired: 401, forged: 401, rest: 200 } },
  { name: 'health', method: 'get', path: () => '/health', expect: { rest: 200 } },
];

describe('access matrix: every endpoint × every kind of caller', () => {
  let t: TestApp;
  let ids: Ids;
  const headers = {} as Record<Actor, string | undefined>;

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-03-01' });
    const admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    const report = await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær']);
    t.clock.setToday('2020-05-10');
    const unit = await idOf(t, 'unit', 'SK-1');
    const one = async (kind: string, sequence: number) =>
      (await t.query<{ id: string }>(`SELECT id FROM obligation WHERE unit_id = $1 AND kind = $2 AND sequence = $3 AND subject_key = '' `, [unit, kind, sequence]))[0]!.id;
    const pl = await idOf(t, 'person', 'pl.sk1@test.dk');
    const [subFollowUp] = await t.query<{ id: string }>(`SELECT id FROM obligation WHERE unit_id = $1 AND kind = 'ledelsesopfoelgning' AND subject_key = $2 AND sequence = 2`, [unit, pl]);
    ids = { unit, subFollowUp: subFollowUp!.id, report: report.id, datapakke: await one('datapakke', 2), samtale: await one('laeringssamtale', 1), bestyrelsesinput: await one('bestyrelsesinput', 2), followUp: await one('ledelsesopfoelgning', 3) };
    const chefId = await idOf(t, 'person', 'chef.vest@test.dk');
    Object.assign(headers, {
      admin,
      chef: await authOf(t, 'chef.vest@test.dk'),
      otherChef: await authOf(t, 'chef.nord@test.dk'),
      leader: await authOf(t, 'leder.sk1@test.dk'),
      otherLeader: await authOf(t, 'leder.dt1@test.dk'),
      board: await authOf(t, 'bestyrelse.sk1@test.dk'),
      subLeader: await authOf(t, 'pl.sk1@test.dk'),
      anonymous: undefined,
      expired: `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(chefId).setIssuedAt(1_600_000_000).setExpirationTime(1_600_000_100).sign(new TextEncoder().encode(TEST_JWT_SECRET))}`,
      forged: `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(chefId).setExpirationTime('1h').sign(new TextEncoder().encode('not-the-secret-of-this-service'))}`,
    });
  });
  afterAll(() => t.close());

  const cases = MATRIX.flatMap((row) => ACTORS.map((actor) => [row.name, actor, row] as const));
  it.each(cases)('%s as %s', async (_name, actor, row) => {
    let req = t.http[row.method](row.path(ids));
    if (headers[actor]) req = req.set('Authorization', headers[actor]!);
    if (row.body) req = req.send(row.body(ids));
    const res = await req;
    const expected = row.expect[actor] ?? row.expect.rest;
    if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}: ${JSON.stringify(res.body)}`);
  });

  it('lists leave out what is not the caller’s: another chef’s upcoming and unit lists', async () => {
    const mine = (await t.as(headers.chef!).get('/api/v1/me/upcoming?days=120').expect(200)).body.items;
    const theirs = (await t.as(headers.otherChef!).get('/api/v1/me/upcoming?days=120').expect(200)).body.items;
    expect(mine.some((o: { unitId: string }) => o.unitId === ids.unit)).toBe(true);
    expect(theirs.some((o: { unitId: string }) => o.unitId === ids.unit)).toBe(false);
    const coverage = async (actor: Actor) =>
      ((await t.as(headers[actor]!).get('/api/v1/audit/coverage?from=2020-01-01&to=2021-12-31').expect(200)).body.items as { id?: string; unitId?: string }[]).map((u) => u.unitId ?? u.id);
    expect(await coverage('chef')).toContain(ids.unit);
    expect(await coverage('otherChef')).not.toContain(ids.unit);
    expect(await coverage('otherLeader')).toEqual([]);
    const trail = (await t.as(headers.otherLeader!).get(`/api/v1/audit/trail?unitId=${ids.unit}`).expect(200)).body;
    expect(trail.total).toBe(0);
    const subSees = (await t.as(headers.subLeader!).get(`/api/v1/units/${ids.unit}/obligations?limit=500`).expect(200)).body.items;
    expect(subSees.length).toBe(12);
    expect(subSees.every((o: { kind: string; subjectKey: string }) => o.kind === 'ledelsesopfoelgning' && o.subjectKey !== '')).toBe(true);
    const boardSees = (await t.as(headers.board!).get(`/api/v1/units/${ids.unit}/obligations?limit=500`).expect(200)).body.items;
    expect(boardSees.length).toBeGreaterThan(0);
    expect(boardSees.every((o: { kind: string }) => o.kind === 'bestyrelsesinput')).toBe(true);
  });

  it('upcoming lists overdue first, then soonest, each with unit name, window, booking and state', async () => {
    t.clock.setToday('2020-06-10');
    await t.app.get(SchedulerService).runPass();
    const items = (await t.as(headers.chef!).get('/api/v1/me/upcoming?days=60').expect(200)).body.items as { state: string; dueOn: string; unitName: string; opensOn: string; scheduledOn: string | null }[];
    const firstNotOverdue = items.findIndex((i) => i.state !== 'overdue');
    expect(firstNotOverdue).toBeGreaterThan(0); // samtale 1 (due 2020-06-03) is overdue by now
    expect(items.slice(firstNotOverdue).every((i) => i.state !== 'overdue')).toBe(true);
    expect(items[0]).toMatchObject({ unitName: expect.any(String), opensOn: expect.any(String), dueOn: expect.any(String) });
    await t.as(headers.chef!).get('/api/v1/me/upcoming?days=0').expect(400);
    await t.as(headers.chef!).get('/api/v1/me/upcoming?days=abc').expect(400);
  });
});
