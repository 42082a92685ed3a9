import { createTestApp, TestApp } from './support/test-app';

describe('organisation registry (R1–R3)', () => {
  let t: TestApp;
  let http: TestApp['http'];
  beforeAll(async () => {
    t = await createTestApp();
    http = t.as((await t.person('admin@test.local')).auth);
  });
  afterAll(() => t.close());

  const unit = (over: Record<string, unknown> = {}) => ({ code: 'SK-1', name: 'Ellekærskolen', type: 'skole', validFrom: '2010-01-01', ...over });
  const count = async (table: string) => Number((await t.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

  it('creates a unit with its derived age area (R2) and lists it', async () => {
    const created = await http.post('/api/v1/units').send(unit({ district: 'Vest' })).expect(201);
    expect(created.body).toMatchObject({ code: 'SK-1', type: 'skole', governance: 'kommunal', ageArea: '6-18', district: 'Vest' });
    const dt = await http.post('/api/v1/units').send(unit({ code: 'DT-1', name: 'Dagtilbud Trøjborg', type: 'dagtilbud', governance: 'selvejende' })).expect(201);
    expect(dt.body.ageArea).toBe('0-6');
    const list = await http.get('/api/v1/units?limit=1').expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items).toHaveLength(1);
    const filtered = await http.get('/api/v1/units?ageArea=0-6').expect(200);
    expect(filtered.body.items.map((u: { code: string }) => u.code)).toEqual(['DT-1']);
  });

  it('R1: refuses a selvejende skole with the rule id, writing nothing', async () => {
    const before = await count('unit');
    const res = await http.post('/api/v1/units').send(unit({ code: 'SK-2', governance: 'selvejende' })).expect(422);
    expect(res.body.rule).toBe('R1');
    expect(await count('unit')).toBe(before);
  });

  it('refuses a duplicate code, unknown fields, bad types and impossible dates with 4xx naming the problem', async () => {
    const duplicate = await http.post('/api/v1/units').send(unit()).expect(400);
    expect(duplicate.body).toMatchObject({ message: expect.stringMatching(/SK-1/), fields: [{ field: 'code', message: expect.any(String) }] });
    const unknown = await http.post('/api/v1/units').send(unit({ code: 'X', colour: 'red' })).expect(400);
    expect(JSON.stringify(unknown.body.fields)).toMatch(/colour/);
    const badType = await http.post('/api/v1/units').send(unit({ code: 'X', type: 'gymnasium' })).expect(400);
    expect(badType.body.fields[0].field).toBe('type');
    const badDate = await http.post('/api/v1/units').send(unit({ code: 'X', validFrom: '2021-02-30' })).expect(400);
    expect(badDate.body.fields[0].field).toBe('validFrom');
    await http.get('/api/v1/units/not-a-uuid').expect(400);
    await http.get('/api/v1/units/00000000-0000-4000-8000-000000000000').expect(404);
    await http.post('/api/v1/units').set('content-type', 'application/json').send('{"code":').expect(400);
    await http.get('/api/v1/units?limit=100000').expect(400);
  });

  it('people: e-mail is unique regardless of case', async () => {
    await http.post('/api/v1/people').send({ name: 'Mette Kjær', email: 'Mette.Kjaer@aarhus.dk' }).expect(201);
    const clash = await http.post('/api/v1/people').send({ name: 'Mette K', email: 'mette.kjaer@AARHUS.dk' }).expect(400);
    expect(clash.body.message).toMatch(/mette.kjaer@AARHUS.dk/i);
    await http.post('/api/v1/people').send({ name: 'X', email: 'not-an-email' }).expect(400);
  });

  it('R1/R3: a new chef closes the previous one the day before; overlaps are refused; nothing is deleted', async () => {
    const [{ id: unitId }] = await t.query<{ id: string }>(`SELECT id FROM unit WHERE code = 'SK-1'`);
    const a = (await http.post('/api/v1/people').send({ name: 'Lars Holm', email: 'lars@aarhus.dk' }).expect(201)).body;
    const b = (await http.post('/api/v1/people').send({ name: 'Hanne Bach', email: 'hanne@aarhus.dk' }).expect(201)).body;
    const first = (await http.post('/api/v1/assignments').send({ unitId, personId: a.id, role: 'chef', validFrom: '2020-01-01' }).expect(201)).body;
    await http.post('/api/v1/assignments').send({ unitId, personId: b.id, role: 'chef', validFrom: '2023-08-01' }).expect(201);
    const history = (await http.get(`/api/v1/assignments?unitId=${unitId}&role=chef`).expect(200)).body;
    expect(history.items.map((x: { personId: string; validFrom: string; validTo: string | null }) => [x.personId, x.validFrom, x.validTo])).toEqual([
      [a.id, '2020-01-01', '2023-07-31'],
      [b.id, '2023-08-01', null],
    ]);
    expect(history.items[0].id).toBe(first.id);
    // A chef starting inside an earlier, bounded period is an overlap, not a replacement.
    const overlap = await http.post('/api/v1/assignments').send({ unitId, personId: a.id, role: 'chef', validFrom: '2021-01-01', validTo: '2021-06-30' }).expect(422);
    expect(overlap.body).toMatchObject({ rule: 'R1', message: expect.stringMatching(/Overlapper/) });
    const onDate = (await http.get(`/api/v1/assignments?unitId=${unitId}&role=chef&activeOn=2022-05-01`).expect(200)).body;
    expect(onDate.items.map((x: { personId: string }) => x.personId)).toEqual([a.id]);
  });

  it('R1: correcting an assignment’s period is refused where it would overlap another chef', async () => {
    const [{ id: unitId }] = await t.query<{ id: string }>(`SELECT id FROM unit WHERE code = 'SK-1'`);
    const chefs = (await http.get(`/api/v1/assignments?unitId=${unitId}&role=chef`).expect(200)).body.items;
    const [first, second] = chefs;
    const clash = await http.patch(`/api/v1/assignments/${first.id}`).send({ validTo: '2023-12-31' }).expect(422);
    expect(clash.body.rule).toBe('R1');
    const fixed = await http.patch(`/api/v1/assignments/${second.id}`).send({ validFrom: '2023-09-01' }).expect(200);
    expect(fixed.body).toMatchObject({ validFrom: '2023-09-01', validTo: null });
    await http.patch(`/api/v1/assignments/${second.id}`).send({ validFrom: '2023-08-01' }).expect(200);
    await http.patch(`/api/v1/assignments/${second.id}`).send({ validTo: '2020-01-01' }).expect(400);
    await http.patch(`/api/v1/assignments/${second.id}`).send({ role: 'leader' }).expect(400);
  });

  it('R1: the database itself refuses two leaders of one unit on the same date', async () => {
    const [{ id: unitId }] = await t.query<{ id: string }>(`SELECT id FROM unit WHERE code = 'SK-1'`);
    const people = await t.query<{ id: string }>(`SELECT id FROM person ORDER BY email LIMIT 2`);
    await t.query(`INSERT INTO assignment (unit_id, person_id, role, valid_from) VALUES ($1, $2, 'leader', '2020-01-01')`, [unitId, people[0]!.id]);
    await expect(
      t.query(`INSERT INTO assignment (unit_id, person_id, role, valid_from) VALUES ($1, $2, 'leader', '2024-01-01')`, [unitId, people[1]!.id]),
    ).rejects.toThrow(/assignment_r1_one_chef_one_leader/);
  });

  it('closing a unit ends its running assignments the same day and keeps history', async () => {
    const [{ id: unitId }] = await t.query<{ id: string }>(`SELECT id FROM unit WHERE code = 'SK-1'`);
    const closed = await http.post(`/api/v1/units/${unitId}/close`).send({ date: '2026-07-31' }).expect(200);
    expect(closed.body.validTo).toBe('2026-07-31');
    const open = await t.query(`SELECT * FROM assignment WHERE unit_id = $1 AND (valid_to IS NULL OR valid_to > '2026-07-31')`, [unitId]);
    expect(open).toEqual([]);
    expect(await count('assignment')).toBeGreaterThan(0);
    await http.get('/api/v1/units?activeOn=2026-08-01&type=skole').expect(200).expect((r) => expect(r.body.total).toBe(0));
  });

  it('refuses requests without a valid token (401) and non-admins (403)', async () => {
    await t.http.get('/api/v1/units').expect(401);
    await t.http.get('/api/v1/units').set('Authorization', 'Bearer not.a.token').expect(401);
    const someone = await t.person('someone@test.local', false);
    await t.as(someone.auth).get('/api/v1/units').expect(403);
  });

  it('GET /health answers 200 while the database answers', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body.status).toBe('ok');
  });
});
