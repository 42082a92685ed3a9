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
});
