import { importFiles } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Every dimension of a request is bounded before any work is done, and text
 * the database or a screen cannot hold is refused at the entrance, naming the
 * field; null is no value for a required field in a PATCH. Never a 5xx.
 */
describe('request bounds and text at the entrance', () => {
  let t: TestApp;
  let admin: { id: string; auth: string };
  let leader: { id: string; auth: string };
  let unitId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.person('admin@aarhus.dk');
    leader = await t.person('leder@aarhus.dk', false);
    unitId = (await t.as(admin.auth).post('/api/v1/units').send({ code: 'SK-1', name: 'Ellekærskolen', type: 'skole', validFrom: '2010-01-01' }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const post = (auth: string, path: string, raw: string) => t.as(auth).post(path).set('Content-Type', 'application/json').send(raw);

  it('a deeply nested body is refused at once, from anyone: 400 naming the depth, or 413 when it is also too large', async () => {
    const started = Date.now();
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const res = await post(leader.auth, '/api/v1/obligations/00000000-0000-4000-8000-000000000000/complete', deep);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/indlejret for dybt \(højst 16 niveauer\)/);
    // The attack as reported: 240 KB nested 120,000 levels deep.
    const huge = '['.repeat(120_000) + ']'.repeat(120_000);
    const big = await post(leader.auth, '/api/v1/obligations/00000000-0000-4000-8000-000000000000/complete', huge);
    expect(big.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('eight deep bodies at once do not stall /health', async () => {
    const deep = '{"a":'.repeat(40_000) + '1' + '}'.repeat(40_000);
    const started = Date.now();
    await Promise.all([...Array.from({ length: 8 }, () => post(leader.auth, '/api/v1/units', deep)), t.http.get('/health').expect(200)]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a body larger than its route allows is 413 naming the limit', async () => {
    const res = await post(admin.auth, '/api/v1/units', JSON.stringify({ code: 'X', name: 'x'.repeat(20_000), type: 'skole', validFrom: '2010-01-01' }));
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/højst 8 KB/);
    const big = await post(admin.auth, '/api/v1/quality-reports', JSON.stringify({ x: 'y'.repeat(100 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/højst 64 KB/);
  });

  it('arrays, strings and key counts beyond their bounds are 400 naming the field', async () => {
    const arr = await post(admin.auth, '/api/v1/quality-reports', JSON.stringify({ themes: Array.from({ length: 600 }, () => 'x') }));
    expect(arr.status).toBe(400);
    expect(arr.body).toMatchObject({ message: expect.stringMatching(/themes har for mange elementer \(600; højst 500\)/), fields: [{ field: 'themes' }] });
    const str = await post(admin.auth, '/api/v1/quality-reports', JSON.stringify({ note: 'x'.repeat(30_000) }));
    expect(str.status).toBe(400);
    expect(str.body.fields[0].field).toBe('note');
    const keys = await post(admin.auth, '/api/v1/quality-reports', JSON.stringify(Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, 1]))));
    expect(keys.status).toBe(400);
    expect(keys.body.message).toMatch(/for mange felter/);
  });

  it('too many query parameters, or one too long, is 400 naming the limit', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `p${i}=1`).join('&');
    const res = await t.as(admin.auth).get(`/api/v1/units?${many}`).expect(400);
    expect(res.body.message).toMatch(/For mange forespørgselsparametre \(højst 30\)/);
    const long = await t.as(admin.auth).get(`/api/v1/units?q=${'a'.repeat(3000)}`).expect(400);
    expect(long.body.fields[0].field).toBe('q');
  });

  it.each([
    ['a NUL byte', '"Elle\\u0000kær"', /NUL-tegn/],
    ['a lone high surrogate', '"Elle\\ud800kær"', /enlig surrogat U\+D800/],
    ['a lone low surrogate', '"\\udc00"', /enlig surrogat U\+DC00/],
    ['a control character', '"a\\u0007b"', /styretegn \(U\+0007\)/],
  ])('%s in a JSON string is 400 naming the field, and nothing is written', async (_what, literal, message) => {
    const before = await t.query(`SELECT count(*)::int AS n FROM unit`);
    const res = await post(admin.auth, '/api/v1/units', `{"code":"SK-2","name":${literal},"type":"skole","validFrom":"2010-01-01"}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ message: expect.stringMatching(message), fields: [{ field: 'name' }] });
    expect(await t.query(`SELECT count(*)::int AS n FROM unit`)).toEqual(before);
  });

  it.each([
    ['a list', '[]', 'en liste ([ … ])'],
    ['a list of objects', '[{"code":"SK-9"}]', 'en liste ([ … ])'],
    ['a number', '42', 'et tal'],
    ['a string', '"SK-9"', 'en tekst'],
    ['null', 'null', 'null'],
    ['a boolean', 'true', 'true eller false'],
  ])('a JSON body that is %s, not an object, is a Danish 400 naming the body on every endpoint, and nothing is written', async (_what, raw, said) => {
    const before = await t.query(`SELECT count(*)::int AS n FROM unit`);
    for (const [auth, method, path] of [
      [admin.auth, 'post', '/api/v1/datapakker/publish'],
      [admin.auth, 'post', '/api/v1/units'],
      [admin.auth, 'patch', `/api/v1/units/${unitId}`],
      [leader.auth, 'post', '/api/v1/obligations/00000000-0000-4000-8000-000000000000/complete'],
      [leader.auth, 'post', '/api/v1/me/calendar-feed'],
    ] as const) {
      const res = await (method === 'post' ? t.as(auth).post(path) : t.as(auth).patch(path)).set('Content-Type', 'application/json').send(raw);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body).toMatchObject({ message: `body skal være et JSON-objekt ({ … }), ikke ${said}`, fields: [{ field: 'body' }] });
      expect(JSON.stringify(res.body)).not.toMatch(/expected|Validation failed/);
    }
    expect(await t.query(`SELECT count(*)::int AS n FROM unit`)).toEqual(before);
  });

  it('a NUL byte in a nested field a unit leader can reach is named with its path', async () => {
    const res = await post(leader.auth, '/api/v1/obligations/00000000-0000-4000-8000-000000000000/complete', JSON.stringify({ participants: [{ name: 'a\u0000b' }] }));
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('participants[0].name');
  });

  it('a NUL byte or lone surrogate in a query parameter is 400 naming it', async () => {
    const nul = await t.as(admin.auth).get('/api/v1/units?q=a%00b').expect(400);
    expect(nul.body.fields[0].field).toBe('q');
    const form = await t.as(admin.auth).post('/api/v1/units').type('form').send('code=SK-3&name=a%00b&type=skole&validFrom=2010-01-01').expect(400);
    expect(form.body.fields[0].field).toBe('name');
  });

  it('a web page’s form past a limit gets a Danish page saying what and how to go on, never the API’s JSON', async () => {
    const res = await t.http.post('/tilsynsbesoeg/x/bekraeft').type('form').send(`observations=${'a'.repeat(30_000)}`).expect(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('<h1>Formularen kunne ikke modtages</h1>');
    expect(res.text).toContain('<p>observations er for lang (30000 tegn; højst 20000).</p>');
    expect(res.text).not.toContain('statusCode');
    // The API keeps its JSON answer for the same fault.
    const api = await t.as(admin.auth).post('/api/v1/units').type('form').send(`code=SK-3&name=${'a'.repeat(30_000)}&type=skole&validFrom=2010-01-01`);
    expect(api.status).toBe(413);
    expect(api.headers['content-type']).toContain('application/json');
    expect(api.body.statusCode).toBe(413);
  });

  it('a NUL byte in an import file is refused with file, line and column', async () => {
    const units = 'enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til\nSK-7;Nul\u0000skolen;skole;kommunal;nej;Øst;2010-01-01;\n';
    const res = await importFiles(t, admin.auth, { name: 'enheder.csv', data: units });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ file: 'enheder.csv', line: 2, column: 'navn', message: expect.stringMatching(/NUL-tegn/) })]);
  });

  it.each([
    ['units', 'name'],
    ['units', 'special'],
    ['units', 'governance'],
    ['people', 'name'],
    ['people', 'admin'],
    ['people', 'email'],
  ])('PATCH /%s/:id with %s: null is 400 naming the field, absent leaves it unchanged', async (resource, field) => {
    const id = resource === 'units' ? unitId : admin.id;
    const res = await t.as(admin.auth).patch(`/api/v1/${resource}/${id}`).send({ [field]: null }).expect(400);
    expect(res.body.fields).toEqual([{ field, message: expect.stringMatching(new RegExp(`^${field} må ikke være null`)) }]);
    await t.as(admin.auth).patch(`/api/v1/${resource}/${id}`).send({}).expect(200);
  });

  it('PATCH null where the DTO documents null (an assignment\'s validTo opens it) is accepted', async () => {
    const assignment = (await t.as(admin.auth).post('/api/v1/assignments').send({ unitId, personId: leader.id, role: 'leader', validFrom: '2020-01-01', validTo: '2024-12-31' }).expect(201)).body;
    const res = await t.as(admin.auth).patch(`/api/v1/assignments/${assignment.id}`).send({ validTo: null }).expect(200);
    expect(res.body.validTo).toBeNull();
  });
});
