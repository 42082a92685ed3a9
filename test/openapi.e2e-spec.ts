import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('is served without a token and describes every operation, its request body and the error shape', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    expect(doc.components.schemas.Error.properties).toHaveProperty('rule');
    const operations = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>).flatMap(
      ([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(30);
    for (const { op } of operations) {
      expect(op.responses['400']).toBeDefined();
      expect(op.responses['422']).toBeDefined();
    }
    const complete = doc.paths['/api/v1/obligations/{id}/complete'].post;
    expect(JSON.stringify(complete.requestBody)).toMatch(/CompleteDto/);
    for (const name of ['CompleteDto', 'ParticipantDto', 'FocusAreaDto', 'CreateQualityReportDto', 'ObligationResponse', 'UnitResponse']) {
      expect(doc.components.schemas).toHaveProperty(name);
    }
    await t.http.get('/api/docs').expect((res) => expect([200, 301]).toContain(res.status));
  });

  it('every operation in the document is listed in the README\'s API overview (method and path, :param for {param})', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const overview = readme.slice(readme.indexOf('## API overview'), readme.indexOf('## Operations'));
    // ":id", "{id}" and "<token>" are one placeholder; a row may list several methods before one path ("GET`/`POST /api/v1/units").
    const norm = (s: string) => s.replace(/\{[^}]+\}|:[A-Za-z]+|<[a-z]+>/g, 'X').replace(/X\.ics/g, 'X');
    const text = norm(overview);
    const missing = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${norm(path)}`)
        .filter((op) => {
          const [method, p] = op.split(' ') as [string, string];
          const escaped = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          return !new RegExp(`${method}[\`/ ]*(?:[^|]*?)\`?${escaped}(?![A-Za-z/])`).test(text);
        }),
    );
    expect(missing).toEqual([]);
  });
});
