import request from 'supertest';
import { obligationBookingWarnings } from '../workflows/obligation/booking.rules';
import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler';
import { createTestApp, type TestApp } from './support/test-app';
import { csrfOf, webLogin, type WebAgent as Agent } from './support/web-login';


/**
 * A newcomer's findings in Chromium, over HTTP on the demo data: rows of
 * Mit overblik and the calendar that could not be told apart (R4, R51; R91
 * still hides what it hides), forms that named one problem under the API's
 * word, date messages that did not say what was wrong, and the tilsyn API's
 * booking without its warnings.
 */
describe('newcomer: rows told apart, every form problem at once under its label, date messages, visit booking warnings', () => {
  let t: TestApp;
  let admin: Agent;
  let adminAuth: string;
  const today = '2026-11-30';

  const login = (email: string) => webLogin(t, email);
  /** The error summary's lines as [href, text]. */
  const summaryOf = (html: string) => {
    const box = /<div class="alert alert-error[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? '';
    return [...box.matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1]!, m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").trim()]);
  };
  /** The rows of every obligations table on a page: the first cell's link text, then the unit cell's. */
  const rowsOf = (html: string) =>
    [...html.matchAll(/<table class="table table--zebra">([\s\S]*?)<\/table>/g)].map((table) =>
      [...table[1]!.matchAll(/<tr>\s*<td><a href="\/forpligtelser\/[^"]+">([^<]*)<\/a>[\s\S]*?<\/tr>/g)].map((r) => r[0]!.replace(/<[^>]+>/g, ' ').replace(/\(du kan booke og bekræfte\)/, '').replace(/\s+/g, ' ').trim()),
    );

  beforeAll(async () => {
    t = await createTestApp({ today, web: { demoLogin: 'auto', sessionSecret: 'newcomer-forms-e2e-secret', trustProxy: false } });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
    admin = await login('admin@demo.local');
    const [{ id }] = await t.query<{ id: string }>(`SELECT id FROM person WHERE email = 'admin@demo.local'`);
    adminAuth = `Bearer ${await t.tokenFor(id)}`;
  }, 300000);
  afterAll(() => t?.close());

  describe('rows that name what tells them apart (R4, R51, R91)', () => {
    let leader: { email: string; unitId: string; id: string };
    beforeAll(async () => {
      // The leader of a dagtilbud with several tilsynsenheder and a next-layer leader (the demo has such units).
      const [row] = await t.query<typeof leader>(
        `SELECT p.email, a.unit_id AS "unitId", p.id FROM assignment a JOIN person p ON p.id = a.person_id
          WHERE a.role = 'leader' AND a.valid_to IS NULL
            AND (SELECT count(*) FROM enhed e WHERE e.unit_id = a.unit_id) >= 2
            AND EXISTS (SELECT 1 FROM obligation o WHERE o.unit_id = a.unit_id AND o.kind = 'ledelsesopfoelgning' AND o.subject_key <> '' AND o.state IN ('planned', 'overdue'))
          ORDER BY p.email LIMIT 1`,
      );
      expect(row).toBeTruthy();
      leader = row!;
    });

    it('R4/R51: no two rows of a Mit overblik table read the same; visits and reports name their enhed, R51 follow-ups their next-layer leader', async () => {
      const html = (await (await login(leader.email)).get('/?antal=200')).text;
      const tables = rowsOf(html);
      expect(tables.flat().length).toBeGreaterThan(0);
      for (const rows of tables) expect(rows.length).toBe(new Set(rows).size);
      const enheder = await t.query<{ name: string }>(`SELECT name FROM enhed WHERE unit_id = $1`, [leader.unitId]);
      // The announced visits of the cycle, one per enhed, each naming its enhed.
      for (const e of enheder) expect(html).toContain(`Anmeldt tilsynsbesøg 2026–2027, ${e.name.replace(/&/g, '&amp;')}`);
      const [subject] = await t.query<{ name: string }>(
        `SELECT p.name FROM obligation o JOIN person p ON p.id = o.subject_key::uuid WHERE o.unit_id = $1 AND o.kind = 'ledelsesopfoelgning' AND o.subject_key <> '' LIMIT 1`,
        [leader.unitId],
      );
      expect(html).toMatch(new RegExp(`Ledelsesopfølgning \\d+ med ${subject!.name}`));
    });

    it('R91: the enhed in a row reveals no secret visit: the leader sees no unannounced visit before it is held, though the unit has some', async () => {
      const leaderHome = (await (await login(leader.email)).get('/?antal=200')).text;
      expect(leaderHome).not.toContain('Uanmeldt tilsynsbesøg');
      const [{ n }] = await t.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM obligation WHERE unit_id = $1 AND kind = 'tilsynsbesoeg' AND secret_until_held AND state IN ('planned', 'scheduled', 'overdue')`,
        [leader.unitId],
      );
      expect(n).toBeGreaterThan(0);
      const api = await t.as(`Bearer ${await t.tokenFor(leader.id)}`).get('/api/v1/me/upcoming?days=42&limit=200').expect(200);
      expect(api.body.items.filter((i: { kind: string; subjectKey: string }) => i.kind === 'tilsynsbesoeg' && i.subjectKey.endsWith(':uanmeldt'))).toEqual([]);
      // The API's rows carry the enhed too, so a program can tell them apart.
      const visits = api.body.items.filter((i: { kind: string }) => i.kind === 'tilsynsbesoeg');
      expect(visits.length).toBeGreaterThan(1);
      expect(new Set(visits.map((v: { enhedName: string | null }) => v.enhedName)).size).toBe(visits.length);
    });

    it('R4/R51: the calendar names each event apart too (no two summaries of the leader’s feed alike, statutory kinds in Danish)', async () => {
      const ics = (await t.as(`Bearer ${await t.tokenFor(leader.id)}`).get('/api/v1/me/calendar.ics?omfang=enheder').expect(200)).text;
      const summaries = ics.replace(/\r\n /g, '').split('\r\n').filter((l) => l.startsWith('SUMMARY:'));
      expect(summaries.length).toBeGreaterThan(0);
      expect(summaries.length).toBe(new Set(summaries).size);
      expect(summaries.join('\n')).not.toMatch(/tilsynsbesoeg|tilsynsrapport \d/);
      expect(summaries.join('\n')).toContain('Anmeldt tilsynsbesøg 2026–2027\\, ');
    });
  });

  describe('every problem of a form at once, under the label the user sees', () => {
    let visitId: string;
    beforeAll(async () => {
      const [row] = await t.query<{ id: string }>(
        `SELECT o.id FROM tilsyn_visit v JOIN obligation o ON o.id = v.obligation_id WHERE o.state = 'planned' AND o.inspector_person_ids = '{}' ORDER BY o.due_on, o.id LIMIT 1`,
      );
      visitId = row!.id;
      const page = await admin.get(`/tilsynsbesoeg/${visitId}`);
      const chosen = /<select[^>]*id="personId"[\s\S]*?<option value="([0-9a-f-]{36})"/.exec(page.text)![1]!;
      expect((await admin.post(`/tilsynsbesoeg/${visitId}/tilsynsfoerende`).type('form').send({ _csrf: csrfOf(page.text), personId: chosen })).status).toBe(303);
    });

    it('R92: confirming a visit with an empty form names the date as labelled and every missing field, each linked, nothing written', async () => {
      const page = await admin.get(`/tilsynsbesoeg/${visitId}`);
      const before = await t.query(`SELECT count(*)::int AS n FROM transition`);
      const res = await admin.post(`/tilsynsbesoeg/${visitId}/bekraeft`).type('form').send({ _csrf: csrfOf(page.text), heldOn: '', observations: '', leaderName: '', staffNames: '', outcome: 'ingen_opfoelgning' });
      expect(res.status).toBe(400);
      expect(summaryOf(res.text)).toEqual([
        ['#heldOn', 'Dato for besøget mangler'],
        ['#inspectorIds', 'Tilsynsførende ved besøget skal have mindst én tilsynsførende'],
        ['#observations', 'R92: Notér mindst én observation fra besøget (dagtilbudsloven § 5 a, stk. 5).'],
        ['#leaderName', 'R92: Angiv dialogen med ledelsen under besøget (dagtilbudsloven § 5 a, stk. 6).'],
        ['#staffNames', 'R92: Angiv dialogen med medarbejderne under besøget (dagtilbudsloven § 5 a, stk. 6).'],
        ['#dataUsed', 'R92: Angiv de data, tilsynet har brugt (dagtilbudsloven § 5 a, stk. 4).'],
      ]);
      // Each field carries its own message, and the label it is shown under is the one the summary uses.
      expect(res.text).toMatch(/<label[^>]*for="heldOn"[^>]*>\s*Dato for besøget/);
      expect(res.text).toContain('id="heldOn-error"');
      expect(res.text).toContain('id="observations-error"');
      expect(await t.query(`SELECT count(*)::int AS n FROM transition`)).toEqual(before);
    });

    it('R92: an impossible date says it does not exist, under the field’s label', async () => {
      const page = await admin.get(`/tilsynsbesoeg/${visitId}`);
      const res = await admin.post(`/tilsynsbesoeg/${visitId}/bekraeft`).type('form').send({ _csrf: csrfOf(page.text), heldOn: '2026-02-30', observations: 'Ro', leaderName: 'L', staffNames: 'M', dataUsed: 'Børnemiljøvurdering', outcome: 'ingen_opfoelgning' });
      expect(res.status).toBe(400);
      expect(summaryOf(res.text)[0]).toEqual(['#heldOn', 'Dato for besøget: 30. februar 2026 findes ikke (februar 2026 har 28 dage)']);
    });

    it('R23/R25/R26: confirming a samtale with an empty form names the date and every rule it breaks at once, nothing written', async () => {
      const [o] = await t.query<{ id: string; leaderEmail: string }>(
        `SELECT o.id, p.email AS "leaderEmail" FROM obligation o JOIN assignment a ON a.unit_id = o.unit_id AND a.role = 'leader' AND a.valid_to IS NULL JOIN person p ON p.id = a.person_id
          WHERE o.kind = 'laeringssamtale' AND o.state IN ('planned', 'scheduled', 'overdue') AND o.opens_on <= $1
            AND EXISTS (SELECT 1 FROM obligation d WHERE d.loop_id = o.loop_id AND d.kind = 'datapakke' AND d.sequence = o.sequence AND d.state = 'completed')
          ORDER BY o.due_on, o.id LIMIT 1`,
        [today],
      );
      const agent = await login(o!.leaderEmail);
      const form = await agent.get(`/forpligtelser/${o!.id}/bekraeft`);
      expect(form.status).toBe(200);
      const before = await t.query(`SELECT count(*)::int AS n FROM transition`);
      const version = /name="version" value="(\d+)"/.exec(form.text)![1]!;
      const res = await agent.post(`/forpligtelser/${o!.id}/bekraeft`).type('form').send({ _csrf: csrfOf(form.text), version, heldOn: '' });
      expect(res.status).toBe(400);
      const summary = summaryOf(res.text);
      expect(summary[0]).toEqual(['#heldOn', 'Holdt den mangler']);
      const rules = summary.map(([, text]) => /^(R\d+):/.exec(text)?.[1]).filter(Boolean);
      expect(rules).toEqual(expect.arrayContaining(['R23', 'R25', 'R26']));
      expect(summary.find(([, text]) => text.startsWith('R23:'))![0]).toBe('#aftaler');
      expect(summary.find(([, text]) => text.startsWith('R25:'))![0]).toBe('#datainput');
      expect(await t.query(`SELECT count(*)::int AS n FROM transition`)).toEqual(before);
    });

    it('R96: confirming a handleplan with an empty form names the date, the leader among the participants and the plan itself, under «Handleplanen»', async () => {
      // A unit with one implicit enhed (its id is the unit's), so the case is opened on the unit.
      const [u] = await t.query<{ id: string }>(
        `SELECT u.id FROM unit u WHERE u.type = 'dagtilbud' AND NOT EXISTS (SELECT 1 FROM enhed e WHERE e.unit_id = u.id)
            AND NOT EXISTS (SELECT 1 FROM skaerpet_tilsyn s WHERE s.unit_id = u.id) ORDER BY u.code LIMIT 1`,
      );
      await t.as(adminAuth).post(`/api/v1/enheder/${u!.id}/skaerpet-tilsyn`).send({ decidedOn: '2026-11-27', foundOn: '2026-11-25', reason: 'Alvorlig bekymring', trigger: 'anden_bekymring', handleplan: true }).expect(201);
      const [plan] = await t.query<{ id: string }>(`SELECT id FROM obligation WHERE unit_id = $1 AND kind = 'handleplan'`, [u!.id]);
      const form = await admin.get(`/forpligtelser/${plan!.id}/bekraeft`);
      expect(form.status).toBe(200);
      const version = /name="version" value="(\d+)"/.exec(form.text)![1]!;
      const before = await t.query(`SELECT count(*)::int AS n FROM transition`);
      const res = await admin.post(`/forpligtelser/${plan!.id}/bekraeft`).type('form').send({ _csrf: csrfOf(form.text), version, heldOn: '', note: '' });
      expect(res.status).toBe(400);
      const summary = summaryOf(res.text);
      expect(summary[0]).toEqual(['#heldOn', 'Holdt den mangler']);
      expect(summary.slice(1).map(([, text]) => text)).toEqual([
        'R96: Handleplanen udarbejdes sammen med lederen; lederen skal stå blandt deltagerne',
        'R96: Handleplanen skal beskrive, hvordan kvaliteten styrkes og følges op (feltet «Handleplanen»)',
      ]);
      expect(summary[2]![0]).toBe('#note');
      expect(await t.query(`SELECT count(*)::int AS n FROM transition`)).toEqual(before);
    });

    it('R95: the unit page’s skærpet-tilsyn decision, left empty, comes back to its form with every problem under its label, linked; nothing written', async () => {
      const [u] = await t.query<{ id: string; enhedId: string }>(
        `SELECT e.unit_id AS id, e.id AS "enhedId" FROM enhed e WHERE NOT EXISTS (SELECT 1 FROM skaerpet_tilsyn s WHERE s.unit_id = e.unit_id) ORDER BY e.code LIMIT 1`,
      );
      const page = await admin.get(`/enheder/${u!.id}`);
      expect(page.text).toContain('Beslut skærpet tilsyn');
      const before = await t.query(`SELECT count(*)::int AS n FROM transition`);
      const res = await admin.post('/tilsyn/skaerpet').type('form').send({ _csrf: csrfOf(page.text), enhedId: u!.enhedId, foundOn: '', decidedOn: '', reason: '' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/enheder/${u!.id}#skaerpet-fejl`);
      const back = (await admin.get(`/enheder/${u!.id}`)).text;
      const summary = summaryOf(back);
      expect(summary.map(([href]) => href)).toEqual(expect.arrayContaining(['#skaerpet-decidedOn', '#skaerpet-reason']));
      expect(summary.find(([href]) => href === '#skaerpet-decidedOn')![1]).toBe('Besluttet den mangler');
      expect(summary.find(([href]) => href === '#skaerpet-reason')![1]).toMatch(/^Begrundelse /);
      expect(back).toContain('id="skaerpet-decidedOn-error"');
      // Shown once: the next visit of the page has no errors left.
      expect(summaryOf((await admin.get(`/enheder/${u!.id}`)).text)).toEqual([]);
      expect(await t.query(`SELECT count(*)::int AS n FROM transition`)).toEqual(before);
    });

    it('R62: the chef’s review of a board report with no choice made says «Din vurdering mangler» at the choice, not the API’s codes', async () => {
      const [r] = await t.query<{ id: string; email: string }>(
        `SELECT o.id, p.email FROM obligation o JOIN board_report_review r ON r.obligation_id = o.id JOIN person p ON p.id = o.chef_person_id
          WHERE o.kind = 'tilsynsafrapportering' AND o.state = 'completed' AND r.decision IS NULL ORDER BY o.id LIMIT 1`,
      );
      const chef = await login(r!.email);
      const page = await chef.get('/tilsynsafrapporteringer');
      expect(page.text).toContain(`decision-${r!.id}`);
      const res = await chef.post(`/tilsynsafrapporteringer/${r!.id}/vurdering`).type('form').send({ _csrf: csrfOf(page.text) });
      expect(res.status).toBe(400);
      expect(summaryOf(res.text)).toEqual([[`#decision-${r!.id}`, 'Din vurdering mangler']]);
      expect(res.text).not.toContain('ingen_opfoelgning, opfoelgningsmoede');
    });

    it('booking with an empty date names the field as labelled ("Book en dato mangler")', async () => {
      const [o] = await t.query<{ id: string }>(`SELECT id FROM obligation WHERE kind = 'ledelsesopfoelgning' AND state = 'planned' ORDER BY due_on DESC, id LIMIT 1`);
      const page = await admin.get(`/forpligtelser/${o!.id}`);
      const res = await admin.post(`/forpligtelser/${o!.id}/book`).type('form').send({ _csrf: csrfOf(page.text), date: '' });
      expect(res.status).toBe(400);
      expect(summaryOf(res.text)).toEqual([['#date', 'Book en dato mangler']]);
    });
  });

  describe('date messages (one definition: IsLocalDate / dateProblem)', () => {
    it('GET /api/v1/audit/coverage without from says "from mangler"; an impossible one that it does not exist; a badly written one the format', async () => {
      const missing = await t.as(adminAuth).get('/api/v1/audit/coverage?to=2026-12-31').expect(400);
      expect(missing.body.fields).toEqual([{ field: 'from', message: 'from mangler' }]);
      const impossible = await t.as(adminAuth).get('/api/v1/audit/coverage?from=2026-02-30&to=2026-12-31').expect(400);
      expect(impossible.body.fields).toEqual([{ field: 'from', message: 'from: 30. februar 2026 findes ikke (februar 2026 har 28 dage)' }]);
      const format = await t.as(adminAuth).get('/api/v1/audit/coverage?from=30-02-2026&to=2026-12-31').expect(400);
      expect(format.body.fields).toEqual([{ field: 'from', message: 'from skal være en dato på formen ÅÅÅÅ-MM-DD' }]);
      const both = await t.as(adminAuth).get('/api/v1/audit/coverage').expect(400);
      expect(both.body.fields).toEqual([
        { field: 'from', message: 'from mangler' },
        { field: 'to', message: 'to mangler' },
      ]);
    });

    it('a body date: an empty one is missing, an impossible one does not exist (POST /api/v1/obligations/:id/schedule)', async () => {
      const [o] = await t.query<{ id: string }>(`SELECT id FROM obligation WHERE kind = 'laeringssamtale' AND state = 'planned' ORDER BY id LIMIT 1`);
      const empty = await t.as(adminAuth).post(`/api/v1/obligations/${o!.id}/schedule`).send({ date: '' }).expect(400);
      expect(empty.body.fields).toEqual([{ field: 'date', message: 'date mangler' }]);
      const feb = await t.as(adminAuth).post(`/api/v1/obligations/${o!.id}/schedule`).send({ date: '2027-02-29' }).expect(400);
      expect(feb.body.fields).toEqual([{ field: 'date', message: 'date: 29. februar 2027 findes ikke (februar 2027 har 28 dage)' }]);
    });
  });

  describe('POST /api/v1/tilsyn/visits/:id/schedule answers the booking warnings (R90/R97)', () => {
    it('R90/R97: outside the window the visit is booked with the same warnings as the general endpoint; inside, none; the OpenAPI schema documents them', async () => {
      const [v] = await t.query<{ id: string; opensOn: string; dueOn: string }>(
        `SELECT o.id, o.opens_on::text AS "opensOn", o.due_on::text AS "dueOn" FROM tilsyn_visit v JOIN obligation o ON o.id = v.obligation_id
          WHERE o.state = 'planned' AND NOT o.secret_until_held ORDER BY o.due_on DESC, o.id LIMIT 1`,
      );
      const late = await t.as(adminAuth).post(`/api/v1/tilsyn/visits/${v!.id}/schedule`).send({ date: '2031-01-06' }).expect(200);
      expect(late.body.state).toBe('scheduled');
      expect(late.body.warnings).toEqual(obligationBookingWarnings('2031-01-06', { kind: 'tilsynsbesoeg', opensOn: v!.opensOn, dueOn: v!.dueOn }, today));
      expect(late.body.warnings.map((w: { code: string }) => w.code)).toEqual(['efter_frist']);
      expect(late.body.warnings[0].message).toContain('(tilsynsrammen, R90/R97)');
      // The general booking endpoint answers the same warnings for the same booking.
      const general = await t.as(adminAuth).post(`/api/v1/obligations/${v!.id}/schedule`).send({ date: '2031-01-06', version: late.body.version }).expect(200);
      expect(general.body.warnings).toEqual(late.body.warnings);
      const inside = await t.as(adminAuth).post(`/api/v1/tilsyn/visits/${v!.id}/schedule`).send({ date: v!.dueOn }).expect(200);
      expect(inside.body.warnings).toEqual([]);
      const docs = (await request(t.app.getHttpServer()).get('/api/docs-json').expect(200)).body;
      const ok = docs.paths['/api/v1/tilsyn/visits/{id}/schedule'].post.responses['200'].content['application/json'].schema.$ref as string;
      expect(ok).toBe('#/components/schemas/ScheduledVisitResponse');
      expect(docs.components.schemas.ScheduledVisitResponse.properties.warnings).toMatchObject({ type: 'array' });
    });
  });
});
