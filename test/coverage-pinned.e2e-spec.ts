import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { plainToInstance } from 'class-transformer';
import { DataSource } from 'typeorm';
import { CoverageQuery } from '../src/modules/audit';
import { coverageCsvRow, coverageTotalsCsvRow, COVERAGE_CSV_HEADER } from '../src/modules/audit/coverage-csv';
import { toCsv } from '../src/modules/audit/csv';
import type { CurrentUser } from '../src/modules/auth';
import { ReferenceCoverage } from './support/coverage-reference';
import { StatutoryAudit } from '../src/modules/tilsyn';
import { createTestApp, TestApp } from './support/test-app';

/** Reads a response body as raw bytes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function binary(res: any, callback: (err: Error | null, body: any) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * R80/R81: the coverage audit gives the same answers on the demo data as the
 * audit did before it became set-based and streamed (issue 14). The demo's
 * history is drawn from its random ids, so its answers differ from one load
 * to the next and cannot be a stored snapshot; instead the pre-change audit
 * is kept verbatim as a reference (support/coverage-reference.ts) and both
 * run on the same database: every count, every rule check with the
 * obligations it names, the totals, the page, and the CSV byte for byte.
 * (The audit fixtures' answers are pinned as snapshots in audit.e2e-spec.)
 */
describe('R80/R81: the coverage audit gives the same answers on the demo data as before it became set-based', () => {
  let t: TestApp;
  let admin: string;
  let adminUser: CurrentUser;
  let chef: string;
  let chefUser: CurrentUser;
  let reference: ReferenceCoverage;

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-30' });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
    const [{ id }] = await t.query<{ id: string }>(`SELECT id FROM person WHERE email = 'admin@demo.local'`);
    admin = `Bearer ${await t.tokenFor(id)}`;
    adminUser = { personId: id, admin: true, name: 'admin' };
    // The chef with the most units today.
    const [c] = await t.query<{ id: string }>(
      `SELECT a.person_id AS id FROM assignment a JOIN person p ON p.id = a.person_id
       WHERE a.role = 'chef' AND a.valid_to IS NULL GROUP BY a.person_id, p.email ORDER BY count(*) DESC, p.email LIMIT 1`,
    );
    chef = `Bearer ${await t.tokenFor(c!.id)}`;
    chefUser = { personId: c!.id, admin: false, name: 'chef' };
    reference = new ReferenceCoverage(t.app.get(DataSource), t.clock, t.app.get(StatutoryAudit));
  }, 300000);
  afterAll(() => t.close());

  /** The query as the API's validation pipe makes it (defaults filled in). */
  const queryOf = (query: string): CoverageQuery => plainToInstance(CoverageQuery, Object.fromEntries(new URLSearchParams(query)));

  const same = async (auth: string, user: () => CurrentUser, query: string) => {
    const res = await t.as(auth).get(`/api/v1/audit/coverage?${query}`).expect(200);
    const q = queryOf(query);
    const before = await reference.coverage(q, user());
    const { trailChain: _chain, ...now } = res.body;
    expect(now).toEqual({ ...before, items: before.items.slice(q.offset, q.offset + q.limit) });
    return before;
  };

  it.each([
    ['the whole country, 2024–2026', 'from=2024-01-01&to=2026-11-30&limit=500'],
    ['the whole country, 2025 only', 'from=2025-01-01&to=2025-12-31&limit=500'],
    ['the whole country, into the future', 'from=2026-06-01&to=2028-12-31&limit=500'],
    ['the whole country, ten years', 'from=2018-01-01&to=2027-12-31&limit=500'],
    ['skoler, 2024–2026', 'type=skole&from=2024-01-01&to=2026-11-30&limit=500'],
    ['age area 0-6, 2025–2026', 'ageArea=0-6&from=2025-01-01&to=2026-11-30&limit=500'],
    ['selvejende, 2020–2026', 'governance=selvejende&from=2020-01-01&to=2026-11-30&limit=500'],
    ['specialtilbud, 2024–2026', 'special=ja&from=2024-01-01&to=2026-11-30&limit=500'],
    ['a page of the whole country', 'from=2024-01-01&to=2026-11-30&limit=5&offset=3'],
  ])('R80: %s', async (_name, query) => {
    const before = await same(admin, () => adminUser, query);
    if (!query.includes('special')) expect(before.total).toBeGreaterThan(0);
  });

  it('R80: a district and one unit', async () => {
    const [{ district, id }] = await t.query<{ district: string; id: string }>(
      `SELECT district, (array_agg(id ORDER BY code))[1] AS id FROM unit WHERE district IS NOT NULL GROUP BY district ORDER BY count(*) DESC, district LIMIT 1`,
    );
    expect((await same(admin, () => adminUser, `district=${encodeURIComponent(district)}&from=2024-01-01&to=2026-11-30&limit=500`)).total).toBeGreaterThan(0);
    expect((await same(admin, () => adminUser, `unitId=${id}&from=2023-01-01&to=2026-11-30`)).total).toBe(1);
  });

  it('R3/R80: a chef’s own slice, and the administrator’s chefId slice', async () => {
    expect((await same(chef, () => chefUser, 'from=2024-01-01&to=2026-11-30&limit=500')).total).toBeGreaterThan(0);
    expect((await same(admin, () => adminUser, `chefId=${chefUser.personId}&from=2022-01-01&to=2026-11-30&limit=500`)).total).toBeGreaterThan(0);
  });

  it('R80: the CSV of the whole country and of a chef’s slice, byte for byte', async () => {
    for (const [auth, user, query] of [
      [admin, () => adminUser, 'from=2024-01-01&to=2026-11-30'],
      [chef, () => chefUser, 'from=2025-01-01&to=2026-11-30'],
    ] as const) {
      const res = await t.as(auth).get(`/api/v1/audit/coverage?${query}&format=csv`).buffer(true).parse(binary).expect(200);
      const before = await reference.coverage(queryOf(query), user());
      const expected = toCsv(COVERAGE_CSV_HEADER, [...before.items.map(coverageCsvRow), coverageTotalsCsvRow(before.totals)]);
      expect((res.body as Buffer).toString('utf8')).toBe(expected.toString('utf8'));
    }
  });
});
