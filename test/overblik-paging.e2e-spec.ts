import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler';
import { createTestApp, type TestApp } from './support/test-app';
import { webLogin, type WebAgent } from './support/web-login';

interface ApiItem {
  id: string;
  state: string;
  opensOn: string;
  dueOn: string;
  scheduledOn: string | null;
  kind: string;
  sequence: number;
  unitName: string;
  naesteLedelseslagPersonId: string | null;
  naesteLedelseslagPersonName: string | null;
  enhedName: string | null;
}

/**
 * Mit overblik at scale (issue 7, Speed): the counts at the top come from one
 * grouped SQL statement and the list is paged. Both must say exactly what the
 * API's GET /api/v1/me/upcoming says for the same six weeks: the reference is
 * the API's own rows, filtered in the test by the filters' definitions.
 */
describe('Mit overblik: counts in SQL and a paged list equal the API’s upcoming rows', () => {
  let t: TestApp;
  let agent: WebAgent;
  let api: ApiItem[];
  let chefAuth: string;
  const today = '2026-11-30';

  beforeAll(async () => {
    t = await createTestApp({ today, web: { demoLogin: 'auto', sessionSecret: 'overblik-e2e-session-secret', trustProxy: false } });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
    // The chef with the most units today: the one whose overblik is longest.
    const [c] = await t.query<{ id: string; email: string }>(
      `SELECT a.person_id AS id, p.email FROM assignment a JOIN person p ON p.id = a.person_id
       WHERE a.role = 'chef' AND a.valid_to IS NULL GROUP BY a.person_id, p.email ORDER BY count(*) DESC, p.email LIMIT 1`,
    );
    chefAuth = `Bearer ${await t.tokenFor(c!.id)}`;
    const res = await t.as(chefAuth).get('/api/v1/me/upcoming?days=42&limit=500');
    expect(res.status).toBe(200);
    api = res.body.items as ApiItem[];
    expect(res.body.total).toBe(api.length);
    agent = await webLogin(t, c!.email);
  }, 300000);
  afterAll(() => t?.close());

  const countOf = (html: string, key: string) => Number(new RegExp(`href="/\\?vis=${key}"[^>]*><span class="app-count">(\\d+)</span>`).exec(html)?.[1]);
  const idsOn = (html: string) => [...new Set([...html.matchAll(/href="\/forpligtelser\/([0-9a-f-]{36})"/g)].map((m) => m[1]!))];

  it('the counts at the top are the API rows counted by each filter’s definition', async () => {
    const html = (await agent.get('/')).text;
    expect(api.length).toBeGreaterThan(20);
    expect(countOf(html, 'alle')).toBe(api.length);
    expect(countOf(html, 'overskredne')).toBe(api.filter((i) => i.state === 'overdue').length);
    expect(countOf(html, 'aabne')).toBe(api.filter((i) => i.state !== 'overdue' && i.opensOn <= today).length);
    expect(countOf(html, 'snart')).toBe(api.filter((i) => i.opensOn > today).length);
    expect(countOf(html, 'booket')).toBe(api.filter((i) => i.state === 'scheduled').length);
  });

  it('pages of 10 list every row exactly once, the API’s rows in its order, with Danish links that keep the filter', async () => {
    const pages = Math.ceil(api.length / 10);
    const seen: string[] = [];
    for (let side = 1; side <= pages; side++) {
      const res = await agent.get(`/?vis=alle&antal=10&side=${side}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`Side ${side} af ${pages}`);
      expect(res.text).toContain(`<title>Mit overblik, side ${side} af ${pages} – Kvalitetsloop</title>`);
      if (side < pages) expect(res.text).toContain(`href="/?vis=alle&amp;antal=10&amp;side=${side + 1}" class="button button-arrow button-next" rel="next" aria-label="Næste side"><span class="pagination-nav-link">Næste side</span>`);
      else expect(res.text).not.toContain('Næste side');
      if (side > 1) expect(res.text).toContain(`href="/?vis=alle&amp;antal=10&amp;side=${side - 1}" class="button button-arrow button-previous" rel="prev" aria-label="Forrige side">`);
      else expect(res.text).not.toContain('Forrige side');
      // Page n holds the API's rows 10(n-1)+1 … 10n (grouped by unit on the page).
      const ids = idsOn(res.text);
      expect(new Set(ids)).toEqual(new Set(api.slice((side - 1) * 10, side * 10).map((i) => i.id)));
      seen.push(...ids);
    }
    expect(new Set(seen).size).toBe(api.length);
    expect(new Set(seen)).toEqual(new Set(api.map((i) => i.id)));
  });

  it('ties are in reading order and a page boundary that cuts a tie cuts that same order (one total order for paging and reading)', async () => {
    // The SQL's first keys; rows equal in them tie and are ordered by what the reader sees.
    const head = (i: ApiItem) => [i.state === 'overdue' ? 0 : 1, i.scheduledOn ?? i.dueOn, i.kind, i.sequence].join('|');
    const ties: number[] = [];
    for (let i = 0; i + 1 < api.length; i++) if (head(api[i]!) === head(api[i + 1]!)) ties.push(i);
    expect(ties.length).toBeGreaterThan(0);
    const da = (a: string, b: string) => a.localeCompare(b, 'da');
    for (const i of ties) {
      const [a, b] = [api[i]!, api[i + 1]!];
      const byUnit = da(a.unitName, b.unitName);
      expect([a.unitName, b.unitName, byUnit <= 0]).toEqual([a.unitName, b.unitName, true]);
      if (byUnit === 0) {
        // R50's own follow-up before R51's, those by the next-layer leader's name; then the enhed (implicit first).
        const key = (x: ApiItem) => `${x.naesteLedelseslagPersonId ? `1${x.naesteLedelseslagPersonName}` : '0'}\u0000${x.enhedName ?? ''}`;
        expect(da(key(a), key(b))).toBeLessThanOrEqual(0);
      }
    }
    // API pages whose size puts a boundary inside a tie concatenate to the whole list.
    const cut = ties[Math.floor(ties.length / 2)]! + 1;
    const paged: string[] = [];
    for (let offset = 0; offset < api.length; offset += cut) {
      paged.push(...((await t.as(chefAuth).get(`/api/v1/me/upcoming?days=42&limit=${cut}&offset=${offset}`).expect(200)).body.items as ApiItem[]).map((i) => i.id));
    }
    expect(paged).toEqual(api.map((i) => i.id));
    // Mit overblik's pages (10–200 rows) hold exactly the list's slices, for a size whose boundary cuts a tie.
    const size = [...Array(191).keys()].map((k) => k + 10).find((n) => ties.some((i) => (i + 1) % n === 0));
    expect(size).toBeDefined();
    for (let side = 1; (side - 1) * size! < api.length; side++) {
      const ids = idsOn((await agent.get(`/?vis=alle&antal=${size}&side=${side}`)).text);
      expect(new Set(ids)).toEqual(new Set(api.slice((side - 1) * size!, side * size!).map((i) => i.id)));
    }
  });

  it('a filter is kept while paging and lists only its rows; a page past the end shows the last page', async () => {
    const snart = api.filter((i) => i.opensOn > today).map((i) => i.id);
    const pages = Math.max(1, Math.ceil(snart.length / 10));
    const last = await agent.get(`/?vis=snart&antal=10&side=999`);
    expect(last.status).toBe(200);
    if (pages > 1) {
      expect(last.text).toContain(`Side ${pages} af ${pages}`);
      expect(last.text).toContain(`href="/?vis=snart&amp;antal=10&amp;side=${pages - 1}"`);
    }
    for (const id of idsOn(last.text)) expect(snart).toContain(id);
    // Not a number: the first page, not an error.
    expect((await agent.get('/?side=abc&antal=-5')).status).toBe(200);
  });

  it('the default page (100 rows) shows no pagination when everything fits, and the same rows as the API', async () => {
    const res = await agent.get('/');
    if (api.length <= 100) {
      expect(res.text).not.toContain('class="pagination"');
      expect(new Set(idsOn(res.text))).toEqual(new Set(api.map((i) => i.id)));
    } else {
      expect(res.text).toContain(`Side 1 af ${Math.ceil(api.length / 100)}`);
    }
  });
});
