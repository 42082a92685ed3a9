import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { csvLines, normalise, stableNames } from './support/coverage-pin';
import { createTestApp, TestApp } from './support/test-app';

/** Reads a response body as raw bytes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function binary(res: any, callback: (err: Error | null, body: any) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * R80/R81: the coverage audit's answers on the demo data, pinned. The
 * snapshots were written by the audit as it was before it became set-based
 * (one query per slice gathering every obligation into the service), so the
 * set-based, streaming audit must give exactly the same answers: every count,
 * every rule check with the obligations it names, the totals and the CSV.
 */
describe('R80/R81: the coverage audit gives the same answers on the demo data as before it became set-based', () => {
  let t: TestApp;
  let admin: string;
  let chef: string;
  let chefId: string;
  let names: Map<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-30' });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
    const [{ id }] = await t.query<{ id: string }>(`SELECT id FROM person WHERE email = 'admin@demo.local'`);
    admin = `Bearer ${await t.tokenFor(id)}`;
    // The chef with the most units today.
    const [c] = await t.query<{ id: string }>(
      `SELECT a.person_id AS id FROM assignment a JOIN person p ON p.id = a.person_id
       WHERE a.role = 'chef' AND a.valid_to IS NULL GROUP BY a.person_id, p.email ORDER BY count(*) DESC, p.email LIMIT 1`,
    );
    chefId = c!.id;
    chef = `Bearer ${await t.tokenFor(chefId)}`;
    names = await stableNames(t);
  }, 300000);
  afterAll(() => t.close());

  const slices: [string, string][] = [
    ['the whole country, 2024–2026', 'from=2024-01-01&to=2026-11-30&limit=500'],
    ['the whole country, 2025 only', 'from=2025-01-01&to=2025-12-31&limit=500'],
    ['the whole country, into the future', 'from=2026-06-01&to=2028-12-31&limit=500'],
    ['skoler, 2024–2026', 'type=skole&from=2024-01-01&to=2026-11-30&limit=500'],
    ['age area 0-6, 2025–2026', 'ageArea=0-6&from=2025-01-01&to=2026-11-30&limit=500'],
    ['selvejende, 2020–2026', 'governance=selvejende&from=2020-01-01&to=2026-11-30&limit=500'],
    ['specialtilbud, 2024–2026', 'special=ja&from=2024-01-01&to=2026-11-30&limit=500'],
    ['a page of the whole country', 'from=2024-01-01&to=2026-11-30&limit=5&offset=3'],
  ];

  it.each(slices)('R80: %s', async (_name, query) => {
    const res = await t.as(admin).get(`/api/v1/audit/coverage?${query}`).expect(200);
    expect(normalise(res.body, names)).toMatchSnapshot();
  });

  it('R80: a district and one unit', async () => {
    const [{ district, id }] = await t.query<{ district: string; id: string }>(
      `SELECT district, (array_agg(id ORDER BY code))[1] AS id FROM unit WHERE district IS NOT NULL GROUP BY district ORDER BY count(*) DESC, district LIMIT 1`,
    );
    const byDistrict = await t.as(admin).get(`/api/v1/audit/coverage?district=${encodeURIComponent(district)}&from=2024-01-01&to=2026-11-30&limit=500`).expect(200);
    expect(normalise(byDistrict.body, names)).toMatchSnapshot();
    const unit = await t.as(admin).get(`/api/v1/audit/coverage?unitId=${id}&from=2023-01-01&to=2026-11-30`).expect(200);
    expect(normalise(unit.body, names)).toMatchSnapshot();
  });

  it('R3/R80: a chef’s own slice, and the administrator’s chefId slice', async () => {
    const own = await t.as(chef).get('/api/v1/audit/coverage?from=2024-01-01&to=2026-11-30&limit=500').expect(200);
    expect(own.body.total).toBeGreaterThan(0);
    expect(normalise(own.body, names)).toMatchSnapshot();
    const byChef = await t.as(admin).get(`/api/v1/audit/coverage?chefId=${chefId}&from=2022-01-01&to=2026-11-30&limit=500`).expect(200);
    expect(normalise(byChef.body, names)).toMatchSnapshot();
  });

  it('R80: the CSV of the whole country and of a chef’s slice', async () => {
    const all = await t.as(admin).get('/api/v1/audit/coverage?from=2024-01-01&to=2026-11-30&format=csv').buffer(true).parse(binary).expect(200);
    expect(csvLines(all.body, names)).toMatchSnapshot();
    const own = await t.as(chef).get('/api/v1/audit/coverage?from=2025-01-01&to=2026-11-30&format=csv').buffer(true).parse(binary).expect(200);
    expect(csvLines(own.body, names)).toMatchSnapshot();
  });
});
