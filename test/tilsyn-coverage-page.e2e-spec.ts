import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler';
import { createTestApp, type TestApp } from './support/test-app';
import { webLogin, type WebAgent } from './support/web-login';

type Verdict = 'ok' | 'fejl' | 'ikke_relevant';
interface StatutoryRow {
  r90: { verdict: Verdict } | null;
  r93: { verdict: Verdict } | null;
  r94: { verdict: Verdict } | null;
  r95: { openCases: number } | null;
  r96: { verdict: Verdict } | null;
}
interface ApiUnit {
  unitId: string;
  statutory: StatutoryRow[];
}

/**
 * D1 (newcomer): the Tilsynsdækning page shows what GET /api/v1/audit/coverage returns for the same period and filters —
 * the statutory verdicts R90, R93–R96 per unit beside the R80 rules, the specialtilbud and unit filters — for an
 * administrator and for a chef (the API's visibility, R3), and never a secret visit (R91).
 */
describe('Tilsynsdækning page: the statutory verdicts and filters of the API (R80, R90–R96, R91)', () => {
  let t: TestApp;
  let admin: WebAgent;
  let adminAuth: string;
  let chef: { email: string; id: string; auth: string; web: WebAgent };
  const today = '2026-11-30';
  const period = 'from=2026-01-01&to=2027-12-31';

  /** The grid's rows: unit id → the statutory cells' states by rule (data-rule), as the page draws them. */
  const gridOf = (html: string): Map<string, Record<string, string>> => {
    const rows = new Map<string, Record<string, string>>();
    for (const m of html.matchAll(/<tr data-unit="([^"]+)">([\s\S]*?)<\/tr>/g)) {
      const cells: Record<string, string> = {};
      for (const c of m[2]!.matchAll(/class="app-check app-check-(\w+) app-check-statutory" data-rule="(R\d+)"/g)) cells[c[2]!] = c[1]!;
      rows.set(m[1]!, cells);
    }
    return rows;
  };
  /** What the page must show for a unit's statutory rows from the API: any failing enhed fails the unit's check. */
  const expectedOf = (rows: StatutoryRow[]): Record<string, string> => {
    const judged = (pick: (r: StatutoryRow) => { verdict: Verdict } | null) => {
      const verdicts = rows.map(pick).filter((v): v is { verdict: Verdict } => v !== null).map((v) => v.verdict);
      return verdicts.includes('fejl') ? 'fail' : verdicts.includes('ok') ? 'pass' : 'na';
    };
    return {
      R90: judged((r) => r.r90),
      R93: judged((r) => r.r93),
      R94: judged((r) => r.r94),
      R95: rows.some((r) => r.r95) ? 'info' : 'na',
      R96: judged((r) => r.r96),
    };
  };
  const api = async (auth: string, query: string): Promise<ApiUnit[]> => {
    const res = await t.as(auth).get(`/api/v1/audit/coverage?${query}&limit=100`).expect(200);
    return res.body.items as ApiUnit[];
  };
  const summaryOf = (html: string) => /<div class="alert alert-error[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';

  beforeAll(async () => {
    t = await createTestApp({ today, web: { demoLogin: 'auto', sessionSecret: 'tilsyn-coverage-page-e2e-secret', trustProxy: false } });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
    admin = await webLogin(t, 'admin@demo.local');
    const [a] = await t.query<{ id: string }>(`SELECT id FROM person WHERE email = 'admin@demo.local'`);
    adminAuth = `Bearer ${await t.tokenFor(a!.id)}`;
    // The chef of the most current dagtilbud units: their slice has statutory rows to compare.
    const [c] = await t.query<{ email: string; id: string }>(
      `SELECT p.email, p.id FROM assignment a JOIN person p ON p.id = a.person_id JOIN unit u ON u.id = a.unit_id
        WHERE a.role = 'chef' AND a.valid_to IS NULL AND u.type = 'dagtilbud' AND NOT p.admin
        GROUP BY p.email, p.id ORDER BY count(*) DESC, p.email LIMIT 1`,
    );
    chef = { ...c!, auth: `Bearer ${await t.tokenFor(c!.id)}`, web: await webLogin(t, c!.email) };
  }, 300000);
  afterAll(() => t?.close());

  it('R90/R93/R94/R95/R96: per unit the page shows the verdicts the API returns for the same period, with a column and intro entry per rule', async () => {
    const page = await admin.get(`/tilsyn?${period}`);
    expect(page.status).toBe(200);
    const grid = gridOf(page.text);
    const items = await api(adminAuth, period);
    expect(items.length).toBeGreaterThan(0);
    expect([...grid.keys()]).toEqual(items.map((i) => i.unitId));
    for (const item of items) expect({ unit: item.unitId, ...grid.get(item.unitId) }).toEqual({ unit: item.unitId, ...expectedOf(item.statutory) });
    // Some unit fails a statutory check in the demo, and the page says so in words.
    expect([...grid.values()].some((cells) => Object.values(cells).includes('fail'))).toBe(true);
    expect(page.text).toMatch(/✗ Fejl<span class="app-check-detail">[^<]*(uanmeldt holdt|Forfalden|Mangler|over fristen)/);
    const intro = /regeltjekkene ([^(]*) \(R80\)/.exec(page.text)![1]!;
    for (const rule of ['R90', 'R93', 'R94', 'R95', 'R96']) {
      expect(page.text).toContain(`<span class="app-rule-id">${rule}</span>`);
      expect(intro).toContain(rule);
    }
  });

  it('R80: the specialtilbud and unit filters give the API’s units, and stay in the CSV link and the export form', async () => {
    for (const special of ['ja', 'nej']) {
      const page = await admin.get(`/tilsyn?${period}&special=${special}`);
      expect(page.status).toBe(200);
      const items = await api(adminAuth, `${period}&special=${special}`);
      expect([...gridOf(page.text).keys()]).toEqual(items.map((i) => i.unitId));
      expect(page.text).toContain(`special=${special}`);
      expect(page.text).toContain(`name="special" value="${special}"`);
    }
    const [unit] = await t.query<{ id: string; code: string }>(`SELECT id, code FROM unit WHERE type = 'dagtilbud' ORDER BY code LIMIT 1`);
    // The form's search by code finds the unit; the links then carry the API's unitId.
    const searched = await admin.get(`/tilsyn?${period}&enhed=${encodeURIComponent(unit!.code.toLowerCase())}`);
    expect(searched.status).toBe(200);
    expect([...gridOf(searched.text).keys()]).toEqual([unit!.id]);
    expect(searched.text).toContain(`/tilsyn/tilsynsdaekning.csv?from=2026-01-01&amp;to=2027-12-31&amp;unitId=${unit!.id}`);
    expect(searched.text).toContain(`name="unitId" value="${unit!.id}"`);
    // A name is found however its Danish letters are typed: å/aa/a, æ/ae, ø/oe/o (the last newcomer searched »SKADE«).
    const [aabyhoej] = await t.query<{ id: string; name: string }>(`SELECT id, name FROM unit WHERE name LIKE '%Åbyhøj%'`);
    expect(aabyhoej!.name).toBe('Den selvejende institution Åbyhøj');
    for (const typed of ['Åbyhøj', 'aabyhoej', 'ABYHOJ', 'åbyhoej']) {
      const found = await admin.get(`/tilsyn?${period}&enhed=${encodeURIComponent(typed)}`);
      expect({ typed, status: found.status, units: [...gridOf(found.text).keys()] }).toEqual({ typed, status: 200, units: [aabyhoej!.id] });
    }
    const linked = await admin.get(`/tilsyn?${period}&unitId=${unit!.id}`);
    expect([...gridOf(linked.text).keys()]).toEqual([unit!.id]);
    // One unit is "1 enhed", not "1 enheder" (the count and its noun in the right number).
    expect(linked.text).toMatch(/<h2 id="resultat"[^>]*data-announce="1 enhed vises">1 enhed, /);
    expect(linked.text).toContain(`id="enhed" name="enhed" value="${unit!.code}"`);
    const csv = await admin.get(`/tilsyn/tilsynsdaekning.csv?${period}&unitId=${unit!.id}`);
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(3); // header, the unit, the totals
  });

  it('R80: a bad filter value is a 400 page whose summary names the field in Danish, never a 500', async () => {
    const cases: [string, string][] = [
      ['special=kanske', 'Specialtilbud'],
      ['unitId=ikke-et-id', 'Enhed'],
      // The last newcomer edited the address by hand and read »Chef: skal være et UUID«.
      ['chefId=ikke-et-id', 'Chef: adressens chef-id er ugyldigt – vælg chefen i listen'],
      // An id, but nobody's who has been chef: said the same way, not an empty grid under "Alle" (newcomer D2).
      ['chefId=00000000-0000-0000-0000-000000000000', 'Chef: adressens chef-id er ugyldigt – vælg chefen i listen'],
      ['enhed=%C2%BBfindes-ikke%C2%AB', 'Enhed: ingen enhed'],
      ['side=0', 'Side'],
      ['side=abc', 'Side'],
      // Past the end (the demo's units fit on one page).
      ['side=999', 'Side: der er kun 1 side med disse filtre'],
    ];
    for (const [query, field] of cases) {
      const res = await admin.get(`/tilsyn?${period}&${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(summaryOf(res.text)).toContain(field);
    }
    // A chef's id as the list gives it, or in capitals, is a filter, not an error.
    const [{ person_id: chefId }] = await t.query<{ person_id: string }>(`SELECT person_id FROM assignment WHERE role = 'chef' ORDER BY person_id LIMIT 1`);
    for (const id of [chefId, chefId.toUpperCase()]) expect((await admin.get(`/tilsyn?${period}&chefId=${id}`)).status).toBe(200);
    // A period the wrong way round: the sentence in the page's words, without the API's "Ugyldigt input:" (newcomer D3).
    const reversed = await admin.get('/tilsyn?from=2027-12-31&to=2026-01-01');
    expect(reversed.status).toBe(400);
    expect(summaryOf(reversed.text)).toContain('Fra-datoen skal ligge før eller på til-datoen');
    expect(summaryOf(reversed.text)).not.toContain('Ugyldigt input');
    // A search that matches several units lists them as links to choose from.
    const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM unit WHERE name ILIKE '%a%'`);
    expect(n).toBeGreaterThan(1);
    const many = await admin.get(`/tilsyn?${period}&enhed=a`);
    expect(many.status).toBe(400);
    expect(summaryOf(many.text)).toMatch(/Enhed: (mere end )?\d+ enheder passer/);
    expect(many.text).toMatch(/<ul class="app-unit-choices"[^>]*>\s*<li><a href="\/tilsyn\?from=2026-01-01&amp;to=2027-12-31&amp;unitId=/);
  });

  it('R3/R80: a chef sees on the page exactly the units and verdicts the API gives them, no other chef’s; a leader is refused as by the admin pages', async () => {
    const page = await chef.web.get(`/tilsyn?${period}`);
    expect(page.status).toBe(200);
    const grid = gridOf(page.text);
    const items = await api(chef.auth, period);
    expect(items.length).toBeGreaterThan(0);
    expect([...grid.keys()]).toEqual(items.map((i) => i.unitId));
    for (const item of items) expect(grid.get(item.unitId)).toEqual(expectedOf(item.statutory));
    const all = await api(adminAuth, period);
    expect(all.length).toBeGreaterThan(items.length);
    // The chef select (other chefs' names) is the administration's only.
    expect(page.text).not.toContain('id="chefId"');
    // A unit of another chef, by search or by link: the search does not find it, the link shows what the API shows (nothing).
    const [other] = await t.query<{ id: string; code: string }>(
      `SELECT u.id, u.code FROM unit u WHERE NOT EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id AND a.role = 'chef' AND a.person_id = $1) ORDER BY u.code LIMIT 1`,
      [chef.id],
    );
    expect((await chef.web.get(`/tilsyn?${period}&enhed=${encodeURIComponent(other!.code)}`)).status).toBe(400);
    const linked = await chef.web.get(`/tilsyn?${period}&unitId=${other!.id}`);
    expect(gridOf(linked.text).size).toBe(0);
    expect(await api(chef.auth, `${period}&unitId=${other!.id}`)).toEqual([]);
    expect(linked.text).not.toContain(`value="${other!.code}"`);
    const [leader] = await t.query<{ email: string }>(
      `SELECT p.email FROM assignment a JOIN person p ON p.id = a.person_id WHERE a.role = 'leader' AND a.valid_to IS NULL AND NOT p.admin
         AND NOT EXISTS (SELECT 1 FROM assignment c WHERE c.person_id = p.id AND c.role = 'chef') ORDER BY p.email LIMIT 1`,
    );
    const leaderWeb = await webLogin(t, leader!.email);
    expect((await leaderWeb.get('/tilsyn')).status).toBe(403);
    expect((await leaderWeb.get('/tilsyn/tilsynsdaekning.csv')).status).toBe(403);
  });

  it('R91: a secret visit planned and booked in a chef’s unit changes nothing on the chef’s page, and its dates appear nowhere on it', async () => {
    const [unit] = await t.query<{ id: string }>(
      `SELECT u.id FROM unit u JOIN assignment a ON a.unit_id = u.id AND a.role = 'chef' AND a.valid_to IS NULL AND a.person_id = $1 WHERE u.type = 'dagtilbud' ORDER BY u.code LIMIT 1`,
      [chef.id],
    );
    const normalise = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/<meta name="csrf-token" content="[^"]+"/g, '');
    const before = normalise((await chef.web.get(`/tilsyn?${period}`)).text);
    const visit = await t
      .as(adminAuth)
      .post('/api/v1/tilsyn/visits')
      .send({ unitId: unit!.id, announcement: 'uanmeldt', trigger: 'bekymring', opensOn: '2027-02-03', dueOn: '2027-02-17', reason: 'Hemmelig bekymring' })
      .expect(201);
    const [inspector] = await t.query<{ id: string }>(`SELECT id FROM person WHERE tilsynsfoerende ORDER BY email LIMIT 1`);
    expect(inspector).toBeTruthy();
    expect((await t.as(adminAuth).post(`/api/v1/tilsyn/visits/${visit.body.id}/inspectors`).send({ personId: inspector!.id })).status).toBeLessThan(300);
    expect((await t.as(adminAuth).post(`/api/v1/tilsyn/visits/${visit.body.id}/schedule`).send({ date: '2027-02-09' })).status).toBeLessThan(300);
    // The administrator (a tilsyn coordinator) does see it: the secret is the chef's to be kept from, not a visit that failed to exist.
    expect((await t.as(adminAuth).get(`/api/v1/tilsyn/visits/${visit.body.id}`)).status).toBe(200);
    expect((await t.as(chef.auth).get(`/api/v1/tilsyn/visits/${visit.body.id}`)).status).toBe(404);
    const after = (await chef.web.get(`/tilsyn?${period}`)).text;
    expect(normalise(after)).toBe(before);
    for (const date of ['2027-02-03', '2027-02-09', '2027-02-17', '3. februar 2027', '9. februar 2027', '17. februar 2027']) expect(after).not.toContain(date);
    expect(after).not.toContain(visit.body.id);
    // The API agrees with the page: nothing of the visit for the chef.
    expect(JSON.stringify(await api(chef.auth, period))).not.toContain(visit.body.id);
  });
});
