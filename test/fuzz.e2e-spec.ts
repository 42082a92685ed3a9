import { seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Drives generated malformed and hostile requests at every operation in the
 * OpenAPI document and asserts the service answers each with a 4xx (or a
 * 2xx where the junk happens to be acceptable), never a 5xx.
 */
describe('fuzz: no client input produces a 500', () => {
  let t: TestApp;
  let admin: string;
  let operations: { method: string; path: string }[];

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær']);
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method, path })));
  });
  afterAll(() => t.close());

  // A small deterministic generator, so a failure can be replayed.
  let seed = 20201;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

  const hostileStrings = [
    '', ' ', 'not-a-uuid', "'; DROP TABLE unit; --", '" OR 1=1 --', '../../etc/passwd', '%00', '\u0000', 'ÆØÅ'.repeat(2000),
    '2021-02-30', '99999-01-01', '-1', '1e309', 'NaN', '<script>alert(1)</script>', '{"$ne":null}', '00000000-0000-4000-8000-000000000000',
    '=HYPERLINK("http://x")', 'a'.repeat(10000), '100000000000000000000', '9999-12-31', '0001-01-01', '2147483648',
  ];
  // Issue 11: nested shapes that are not what they claim, Danish letters, dates at and past the bounds, Excel's spellings.
  const nestedShapes: unknown[] = [
    [[{ role: 'leder', name: 'Anna Test' }]], [{ role: 'leder' }], ['leder'], [['x']], [{ title: { a: 1 }, theme: 'Fravær' }], { role: 'leder', name: 'A' },
    [{ role: 'leder', name: 'A', extra: [1] }], [1, 'a', null, {}], [[['A']]],
  ];
  const fieldShapes = ['9999-12-31', '1899-12-31', '2999-12-31', '1900-01-01', '01-08-2020', '1/8/2020', 'JA', 'Nej', 'øst', 'ÅBYHØJ', ' Øst ', 'Ærø\u00a0'];
  const junkValues: unknown[] = [null, true, 0, -1, 1.5, 1e308, [], {}, [null], { a: { b: { c: [] } } }, ...hostileStrings, ...nestedShapes, ...fieldShapes];
  const fieldNames = [
    'date', 'heldOn', 'unitId', 'ageArea', 'year', 'themes', 'milestone', 'participants', 'agreements', 'reason', 'version', 'code', 'email', 'type', 'decision', '__proto__', 'constructor',
    'focusAreas', 'dataInputs', 'validFrom', 'validTo', 'district', 'name', 'admin', 'special',
  ];

  const junkBody = (): unknown => {
    const shape = random();
    if (shape < 0.15) return pick(junkValues);
    const body: Record<string, unknown> = {};
    const n = 1 + Math.floor(random() * 5);
    for (let i = 0; i < n; i++) body[pick(fieldNames)] = pick(junkValues);
    return body;
  };

  const fillPath = (path: string) => path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pick(hostileStrings)).slice(0, 2000) || 'x');
  const junkQuery = () => {
    const q = new URLSearchParams();
    for (const name of ['from', 'to', 'limit', 'offset', 'kind', 'state', 'unitId', 'days', 'format', 'ageArea', 'q', 'district', 'activeOn', 'admin']) {
      if (random() < 0.4) q.set(name, pick([...hostileStrings, ...fieldShapes]).slice(0, 500));
    }
    return q.toString();
  };

  it('answers 300 generated bad requests across every operation without a 5xx', async () => {
    expect(operations.length).toBeGreaterThan(15);
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      const { method, path } = operations[i % operations.length]!;
      const url = `${fillPath(path)}?${junkQuery()}`;
      const auth = random() < 0.85 ? admin : pick(['', 'Bearer x.y.z', `Bearer ${'a'.repeat(5000)}`, 'Basic YWRtaW46YWRtaW4=']);
      let req = (t.http as unknown as Record<string, (u: string) => import('supertest').Test>)[method]!(url);
      if (auth) req = req.set('Authorization', auth);
      if (method !== 'get' && method !== 'delete') {
        req = req.set('Content-Type', 'application/json').send(random() < 0.1 ? '{"broken": ' : JSON.stringify(junkBody()));
      }
      const res = await req;
      if (res.status >= 500) failures.push(`${method.toUpperCase()} ${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses a huge body with 413 and wrong content types with 4xx', async () => {
    const huge = { themes: ['x'.repeat(300 * 1024)] };
    expect((await t.http.post('/api/v1/quality-reports').set('Authorization', admin).send(huge)).status).toBe(413);
    const xml = await t.http.post('/api/v1/quality-reports').set('Authorization', admin).set('Content-Type', 'application/xml').send('<a/>');
    expect(xml.status).toBeGreaterThanOrEqual(400);
    expect(xml.status).toBeLessThan(500);
  });

  /**
   * The kinds of issue 13, each over every operation: nesting depth, size,
   * NUL and lone surrogates (in the body, the query and the path), and null
   * in every field of every PATCH. No 5xx, and no dropped connection (a reset
   * socket makes supertest throw, which is recorded as a failure).
   */
  const hostileKinds: Array<{ kind: string; body?: string; query?: string; pathValue?: string }> = [
    { kind: 'nested 120,000 deep', body: '['.repeat(120_000) + ']'.repeat(120_000) },
    { kind: 'nested 5,000 deep objects', body: '{"a":'.repeat(5_000) + 'null' + '}'.repeat(5_000) },
    { kind: '1 MB body', body: JSON.stringify({ note: 'x'.repeat(1024 * 1024) }) },
    { kind: 'array of 100,000', body: JSON.stringify({ participants: Array.from({ length: 100_000 }, () => ({ name: 'x' })) }) },
    { kind: 'NUL in every field', body: JSON.stringify(Object.fromEntries(fieldNames.map((f) => [f, 'a\u0000b']))) },
    { kind: 'NUL nested', body: JSON.stringify({ participants: [{ name: 'a\u0000b', role: 'leder' }], agreements: ['\u0000'] }) },
    { kind: 'lone high surrogate', body: `{"note":"a\\ud800b","name":"\\ud800","reason":"x\\udfff"}` },
    { kind: 'NUL in the query', query: 'q=a%00b&from=2020%00-01-01&reason=%00' },
    { kind: 'encoded lone surrogate in the query', query: 'q=%ED%A0%80&district=%ED%BF%BF' },
    { kind: '200 query parameters', query: Array.from({ length: 200 }, (_, i) => `p${i}=${i}`).join('&') },
    { kind: 'NUL in the path', pathValue: 'a%00b' },
  ];

  it('answers every hostile kind on every operation without a 5xx or a dropped connection', async () => {
    const failures: string[] = [];
    for (const { method, path } of operations) {
      for (const hostile of hostileKinds) {
        const url = `${path.replace(/\{[^}]+\}/g, hostile.pathValue ?? '00000000-0000-4000-8000-000000000000')}${hostile.query ? `?${hostile.query}` : ''}`;
        let req = (t.http as unknown as Record<string, (u: string) => import('supertest').Test>)[method]!(url).set('Authorization', admin);
        if (hostile.body !== undefined && method !== 'get' && method !== 'delete') req = req.set('Content-Type', 'application/json').send(hostile.body);
        try {
          const res = await req;
          if (res.status >= 500) failures.push(`${hostile.kind}: ${method.toUpperCase()} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        } catch (error) {
          failures.push(`${hostile.kind}: ${method.toUpperCase()} ${path} → forbindelsen tabt (${(error as Error).message})`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('a path segment whose %-escape is not UTF-8 gets 400 in Danish on every operation that takes one', async () => {
    const said = new Set<string>();
    let tried = 0;
    for (const { method, path } of operations.filter((o) => o.path.includes('{'))) {
      for (const bad of ['%ZZ', '%E0%A4%A']) {
        const res = await (t.http as unknown as Record<string, (u: string) => import('supertest').Test>)[method]!(path.replace(/\{[^}]+\}/g, bad)).set('Authorization', admin);
        tried++;
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        said.add(String(res.body.message));
      }
    }
    expect(tried).toBeGreaterThan(10);
    expect([...said]).toEqual(['Adressen indeholder en ugyldig %-kodning; skriv et % som %25']);
  });

  it('null in every field of every PATCH operation is a 4xx, never a 5xx', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const units = (await t.http.get('/api/v1/units').set('Authorization', admin).expect(200)).body.items as Array<{ id: string }>;
    const people = (await t.http.get('/api/v1/people').set('Authorization', admin).expect(200)).body.items as Array<{ id: string }>;
    const assignments = (await t.http.get('/api/v1/assignments').set('Authorization', admin).expect(200)).body.items as Array<{ id: string }>;
    const realId: Record<string, string | undefined> = { units: units[0]?.id, people: people[0]?.id, assignments: assignments[0]?.id };
    const failures: string[] = [];
    let patched = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const patch = ops.patch;
      if (!patch) continue;
      const ref = patch.requestBody?.content?.['application/json']?.schema?.$ref;
      const fields = Object.keys(doc.components.schemas[ref?.split('/').pop() ?? '']?.properties ?? {});
      expect([path, fields.length > 0]).toEqual([path, true]);
      const resource = path.split('/')[3]!;
      const url = path.replace(/\{[^}]+\}/, realId[resource] ?? '00000000-0000-4000-8000-000000000000');
      for (const field of fields) {
        const res = await t.http.patch(url).set('Authorization', admin).send({ [field]: null });
        patched++;
        if (res.status >= 500) failures.push(`PATCH ${path} {${field}: null} → ${res.status}`);
      }
    }
    expect(patched).toBeGreaterThan(5);
    expect(failures).toEqual([]);
  });

  it('treats SQL in filters as plain values', async () => {
    const res = await t.http.get(`/api/v1/units?q=${encodeURIComponent("' OR 1=1; DROP TABLE unit; --")}`).set('Authorization', admin).expect(200);
    expect(res.body.total).toBe(0);
    expect((await t.query(`SELECT count(*)::int AS n FROM unit`))[0]).toEqual({ n: 4 });
  });

  it('answers CSV files as Excel and other tools save them with 2xx or 4xx, never a 5xx (issue 11, kind 4)', async () => {
    const header = 'enhedskode;navn;type;styreform;specialtilbud;distrikt;gyldig_fra;gyldig_til';
    const files: Buffer[] = [
      Buffer.from(`${header};;\nFZ-1;Fuzzskolen;skole;;JA;Øst;01-08-2012;;;\n;;;;;;;;;\n;;;;;;;;;\n`),
      Buffer.from(`${header}\nFZ-2;Ærø Børnehus;dagtilbud;;Nej;Øst;1.8.2013;\n`, 'latin1'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${header}\nFZ-3;Åby;skole;;;;2014-08-01;\n`)]),
      Buffer.from([0xff, 0xfe, 0x65, 0x00]),
      Buffer.from([0xef, 0xbb, 0xbf, 0xe6, 0x0a]),
      Buffer.from([0x81, 0x8d, 0x00, 0x0a]),
      Buffer.from(`${header}\nFZ-4;A;skole;;;;1/8/2012;\nFZ-5;B;skole;;;;01-08-12;\nFZ-6;C;skole;;;;41122;\nFZ-7;D;skole;;;;9999-12-31;\nFZ-8;E;skole;;måske;;2012-01-01;hov\n`),
      Buffer.from(';;;;;;;;\n;;;;\n'),
      Buffer.from(`${header}\n"FZ-9;"uafsluttet\n`),
      Buffer.from('\n\n\n'),
      Buffer.from(`${header}\n${'FZ-X;Navn;skole;;;;2012-01-01;\n'.repeat(3)}`),
    ];
    const failures: string[] = [];
    for (const [i, file] of files.entries()) {
      for (const field of ['units', 'people']) {
        const res = await t.http.post('/api/v1/import').set('Authorization', admin).attach(field, file, `fuzz-${i}.csv`);
        if (res.status >= 500) failures.push(`${field} #${i} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        expect(JSON.stringify(res.body)).not.toMatch(/Intern fejl/);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers stored snapshots that no longer fit the machine with 409, never a 5xx (issue 11, kind 3)', async () => {
    await t.query(`UPDATE quality_report SET snapshot = jsonb_set(snapshot, '{value}', '"forsvundet"') WHERE id IN (SELECT id FROM quality_report LIMIT 1)`);
    await t.query(`UPDATE quality_report SET machine_version = 99 WHERE id NOT IN (SELECT id FROM quality_report LIMIT 1)`);
    await t.query(`UPDATE obligation SET state = 'forsvundet' WHERE id IN (SELECT id FROM obligation ORDER BY id LIMIT 20)`);
    await t.query(`UPDATE obligation SET machine_version = 99 WHERE id IN (SELECT id FROM obligation ORDER BY id DESC LIMIT 20)`);
    await t.query(`UPDATE learning_loop SET state = 'forsvundet'`);
    const reports = await t.query<{ id: string }>(`SELECT id FROM quality_report`);
    const obligations = await t.query<{ id: string }>(`(SELECT id FROM obligation ORDER BY id LIMIT 20) UNION ALL (SELECT id FROM obligation ORDER BY id DESC LIMIT 20)`);
    const failures: string[] = [];
    const check = (label: string, res: { status: number; body: unknown }) => {
      if (res.status >= 500) failures.push(`${label} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    };
    for (const { id } of reports) {
      check(`milestone ${id}`, await t.http.post(`/api/v1/quality-reports/${id}/milestones`).set('Authorization', admin).send({ milestone: 'temaer_valgt', date: '2019-09-01' }));
      check(`get ${id}`, await t.http.get(`/api/v1/quality-reports/${id}`).set('Authorization', admin));
    }
    for (const { id } of obligations) {
      for (const [action, body] of [['schedule', { date: '2020-04-01' }], ['complete', { heldOn: '2020-03-01' }], ['waive', { reason: 'x' }], ['cancel', { reason: 'x' }], ['reopen', { reason: 'x' }], ['review', { decision: 'ingen_opfoelgning' }]] as const) {
        check(`${action} ${id}`, await t.http.post(`/api/v1/obligations/${id}/${action}`).set('Authorization', admin).send(body));
      }
      check(`get ${id}`, await t.http.get(`/api/v1/obligations/${id}`).set('Authorization', admin));
    }
    expect(failures).toEqual([]);
  });
});
