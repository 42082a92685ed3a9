import { createTestApp, TestApp } from './support/test-app';

/** GET /api/v1/assignments?q= (also behind the Organisation page's search of assignments). */
describe('assignment search', () => {
  let t: TestApp;
  let http: TestApp['http'];
  beforeAll(async () => {
    t = await createTestApp();
    http = t.as((await t.person('admin@test.local')).auth);
  });
  afterAll(() => t.close());

  it('finds assignments by unit name or code and by person name or e-mail, case-insensitively, with % and _ taken literally', async () => {
    const skole = (await http.post('/api/v1/units').send({ code: 'SK-7', name: 'Ellekærskolen', type: 'skole', validFrom: '2010-01-01' }).expect(201)).body;
    const dt = (await http.post('/api/v1/units').send({ code: 'DT_9', name: 'Børnehuset Solsikken', type: 'dagtilbud', validFrom: '2010-01-01' }).expect(201)).body;
    const lars = (await http.post('/api/v1/people').send({ name: 'Lars Holm', email: 'lars@aarhus.dk' }).expect(201)).body;
    const hanne = (await http.post('/api/v1/people').send({ name: 'Hanne Bach', email: 'hanne@aarhus.dk' }).expect(201)).body;
    const a1 = (await http.post('/api/v1/assignments').send({ unitId: skole.id, personId: lars.id, role: 'chef', validFrom: '2020-01-01' }).expect(201)).body;
    const a2 = (await http.post('/api/v1/assignments').send({ unitId: dt.id, personId: hanne.id, role: 'leader', validFrom: '2020-01-01' }).expect(201)).body;

    const ids = async (q: string) => ((await http.get('/api/v1/assignments').query({ q }).expect(200)).body.items as { id: string }[]).map((a) => a.id).sort();
    expect(await ids('ellekær')).toEqual([a1.id]);
    expect(await ids('sk-7')).toEqual([a1.id]);
    expect(await ids('HANNE@')).toEqual([a2.id]);
    expect(await ids('Holm')).toEqual([a1.id]);
    expect(await ids('DT_9')).toEqual([a2.id]);
    expect(await ids('DT%')).toEqual([]);
    expect(await ids('aarhus.dk')).toEqual([a1.id, a2.id].sort());
    await http.get('/api/v1/assignments').query({ q: 'x'.repeat(101) }).expect(400);
  });
});
