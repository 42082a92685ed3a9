import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler';
import { createTestApp, type TestApp } from './support/test-app';
import { csrfOf, webLogin, type WebAgent as Agent } from './support/web-login';


/**
 * A newcomer's second round (Chromium, demo data): an R75 error linking to a field the page did not have, names
 * lowercased in headings, error summaries that miscounted, spoke the validator's words and were not in field order,
 * and Mit overblik's follow-ups that did not say whom they were with.
 */
describe('newcomer, second round: the R31 exception on the page, names as written, counted and ordered summaries, follow-ups named', () => {
  let t: TestApp;
  let admin: Agent;
  const today = '2026-11-30';

  const login = (email: string) => webLogin(t, email);
  const summaryBox = (html: string) => /<div class="alert alert-error[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? '';
  const summaryOf = (html: string) =>
    [...summaryBox(html).matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => [/href="([^"]+)"/.exec(m[1]!)?.[1] ?? '', m[1]!.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").trim()]);
  const headingOf = (html: string) => /<h2 class="alert-heading">([^<]*)<\/h2>/.exec(summaryBox(html))?.[1]?.trim();
  /** Every link of the summary points at an element of the page. */
  const expectLinksExist = (html: string) => {
    for (const [href] of summaryOf(html)) if (href) expect(html).toContain(`id="${href.slice(1)}"`);
  };

  beforeAll(async () => {
    t = await createTestApp({ today, web: { demoLogin: 'auto', sessionSecret: 'newcomer-fixes2-e2e-secret', trustProxy: false } });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
    admin = await login('admin@demo.local');
  }, 300000);
  afterAll(() => t?.close());

  describe('R31/R75: an administrator makes the exception on the page the API allows', () => {
    let id: string;
    beforeAll(async () => {
      // A 1:1 follow-up whose window has not opened yet: held today is before its window (R31).
      const [row] = await t.query<{ id: string }>(
        `SELECT id FROM obligation WHERE kind = 'ledelsesopfoelgning' AND state = 'planned' AND opens_on > $1 ORDER BY opens_on, id LIMIT 1`,
        [today],
      );
      id = row!.id;
    });
    const post = async (fields: Record<string, string>) => {
      const form = await admin.get(`/forpligtelser/${id}/bekraeft`);
      expect(form.status).toBe(200);
      const version = /name="version" value="(\d+)"/.exec(form.text)![1]!;
      return admin.post(`/forpligtelser/${id}/bekraeft`).type('form').send({ _csrf: csrfOf(form.text), version, ...fields });
    };

    it('R75: the field «Begrundelse for undtagelse» is on an administrator’s confirm page of a follow-up, and the R31 refusal links to it', async () => {
      const form = await admin.get(`/forpligtelser/${id}/bekraeft`);
      expect(form.text).toContain('id="undtagelse"');
      expect(form.text).toContain('Begrundelse for undtagelse');
      const res = await post({ heldOn: today, note: '' });
      expect(res.status).toBe(422);
      const summary = summaryOf(res.text);
      expect(summary.map(([, text]) => text.slice(0, 4))).toEqual(['R31:', 'R75:']);
      expect(summary[1]![0]).toBe('#undtagelse');
      expectLinksExist(res.text);
    });

    it('R31: a date in the future is never excepted: no R75 hint, every link of the summary points at a field of the page', async () => {
      const res = await post({ heldOn: '2027-05-01', note: '' });
      expect(res.status).toBe(422);
      const summary = summaryOf(res.text);
      expect(summary.some(([, text]) => text.startsWith('R31:'))).toBe(true);
      expect(summary.some(([href, text]) => href === '#undtagelse' || text.startsWith('R75:'))).toBe(false);
      expectLinksExist(res.text);
    });

    it('R75: with the reason, the follow-up is confirmed with the exception recorded as the administrator’s deviation', async () => {
      const res = await post({ heldOn: today, note: '', undtagelse: 'Holdt før vinduet efter aftale med chefen' });
      expect(res.status).toBe(303);
      const [o] = await t.query<{ state: string; completion: { deviations: { rule: string; reason: string; acceptedByAdmin: boolean }[] } }>(`SELECT state, completion FROM obligation WHERE id = $1`, [id]);
      expect(o!.state).toBe('completed');
      expect(o!.completion.deviations).toEqual([expect.objectContaining({ rule: 'R31', reason: 'Holdt før vinduet efter aftale med chefen', acceptedByAdmin: true })]);
    });

    it('R75: a leader’s confirm page of a follow-up has no exception field', async () => {
      const [row] = await t.query<{ id: string; email: string }>(
        `SELECT o.id, p.email FROM obligation o JOIN person p ON p.id = o.leader_person_id
          WHERE o.kind = 'ledelsesopfoelgning' AND o.state IN ('planned', 'overdue') AND o.subject_key = '' ORDER BY o.due_on, o.id LIMIT 1`,
      );
      const page = await (await login(row!.email)).get(`/forpligtelser/${row!.id}/bekraeft`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('id="undtagelse"');
    });
  });

  it('R51: the confirm page’s heading keeps the next-layer leader’s name as written (only the kind is lowered)', async () => {
    const [row] = await t.query<{ id: string; name: string; email: string }>(
      `SELECT o.id, sp.name, lp.email FROM obligation o JOIN person sp ON sp.id = o.subject_key::uuid JOIN person lp ON lp.id = o.leader_person_id
        WHERE o.kind = 'ledelsesopfoelgning' AND o.subject_key <> '' AND o.state IN ('planned', 'overdue') ORDER BY o.due_on, o.id LIMIT 1`,
    );
    const page = await (await login(row!.email)).get(`/forpligtelser/${row!.id}/bekraeft`);
    expect(page.status).toBe(200);
    const h1 = /<h1>([^<]*)<\/h1>/.exec(page.text)![1]!;
    expect(h1).toMatch(new RegExp(`^Bekræft ledelsesopfølgning \\d+ med ${row!.name}$`));
    expect(/<title>([^<]*)<\/title>/.exec(page.text)![1]).toContain(` med ${row!.name}, `);
  });

  it('R10: the Kvalitetsrapporter form submitted empty counts its errors in the heading and asks for a theme in plain Danish, in the order of the fields', async () => {
    const page = await admin.get('/kvalitetsrapporter');
    const res = await admin.post('/kvalitetsrapporter').type('form').send({ _csrf: csrfOf(page.text), ageArea: '', year: '', themes: '' });
    expect(res.status).toBe(400);
    const summary = summaryOf(res.text);
    expect(summary.length).toBeGreaterThanOrEqual(2);
    expect(headingOf(res.text)).toBe(`Der er ${summary.length} fejl`);
    expect(summary.map(([href]) => href)).toEqual(['#ageArea', '#year', '#themes']);
    expect(summary[2]![1]).toBe('Skriv mindst ét tema');
    expect(res.text).not.toMatch(/element/);
    expectLinksExist(res.text);
  });

  it('R95: the skærpet-tilsyn decision’s summary follows the form (Bekymringen opstod den, Besluttet den, Begrundelse) and counts in its heading', async () => {
    const [u] = await t.query<{ id: string; enhedId: string }>(
      `SELECT e.unit_id AS id, e.id AS "enhedId" FROM enhed e WHERE NOT EXISTS (SELECT 1 FROM skaerpet_tilsyn s WHERE s.unit_id = e.unit_id) ORDER BY e.code LIMIT 1`,
    );
    const page = await admin.get(`/enheder/${u!.id}`);
    const res = await admin.post('/tilsyn/skaerpet').type('form').send({ _csrf: csrfOf(page.text), enhedId: u!.enhedId, foundOn: '2026-02-30', decidedOn: '', reason: '' });
    expect(res.status).toBe(303);
    const back = (await admin.get(`/enheder/${u!.id}`)).text;
    const summary = summaryOf(back);
    expect(summary.map(([href]) => href)).toEqual(['#skaerpet-foundOn', '#skaerpet-decidedOn', '#skaerpet-reason']);
    expect(headingOf(back)).toBe('Skærpet tilsyn blev ikke besluttet – 3 fejl');
  });

  it('R80/R63: the Tilsynsdækning page’s intro names every rule column the grid shows, R63 included', async () => {
    const page = await admin.get('/tilsyn');
    expect(page.status).toBe(200);
    const intro = /regeltjekkene ([^(]*) \(R80\)/.exec(page.text)![1]!;
    const columns = [...page.text.matchAll(/<span class="app-rule-id">(R\d+)<\/span>/g)].map((m) => m[1]!);
    expect(columns).toContain('R63');
    for (const rule of new Set(columns)) expect(intro).toContain(rule);
  });

  it('R50: on the leader’s Mit overblik the chef–leader follow-up names the chef, and the rows come in the same order on every load', async () => {
    const [row] = await t.query<{ email: string; chef: string }>(
      `SELECT lp.email, cp.name AS chef FROM obligation o JOIN person lp ON lp.id = o.leader_person_id JOIN person cp ON cp.id = o.chef_person_id
        WHERE o.kind = 'ledelsesopfoelgning' AND o.subject_key = '' AND o.state IN ('planned', 'scheduled', 'overdue')
          AND (o.state = 'overdue' OR (o.opens_on <= ($1::date + 42) AND o.due_on >= $1::date))
          AND EXISTS (SELECT 1 FROM obligation r WHERE r.unit_id = o.unit_id AND r.kind = 'ledelsesopfoelgning' AND r.subject_key <> '')
        ORDER BY lp.email LIMIT 1`,
      [today],
    );
    const leader = await login(row!.email);
    const first = (await leader.get('/?antal=200')).text;
    expect(first).toMatch(new RegExp(`Ledelsesopfølgning \\d+ med ${row!.chef}`));
    const links = (html: string) => [...html.matchAll(/href="\/forpligtelser\/([^"]+)"/g)].map((m) => m[1]);
    expect(links((await leader.get('/?antal=200')).text)).toEqual(links(first));
  });
});
