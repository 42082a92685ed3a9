import type { ObligationKind } from '../workflows/domain';
import { obligationName } from '../workflows/labels';
import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler';
import { createTestApp, type TestApp } from './support/test-app';
import { csrfOf, webLogin, type WebAgent as Agent } from './support/web-login';

/**
 * The tilsyn pages' loose ends found by a newcomer (issue 9), over HTTP on the
 * demo data as each role: what the pages say and offer must match what the
 * rules (R90, R95, R97, visibility.ts) do.
 */
describe('tilsyn pages: impartial choices, the visit window, follow-up visits and whose visits are shown (R90, R95, R97)', () => {
  let t: TestApp;
  let admin: Agent;
  let target: { id: string; unitId: string; enhedId: string | null; opensOn: string; dueOn: string; leaderEmail: string; leaderId: string; boardEmail: string };
  const today = '2026-11-30';

  const login = (email: string): Promise<Agent> => webLogin(t, email);
  /** The options of the inspector select (value → text), without the empty prompt. */
  const optionsOf = (html: string) => {
    const select = /<select[^>]*id="personId"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
    return [...select.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)<\/option>/g)].map((m) => ({ id: m[1]!, name: m[2]! }));
  };

  beforeAll(async () => {
    t = await createTestApp({ today, web: { demoLogin: 'auto', sessionSecret: 'tilsyn-pages-e2e-secret', trustProxy: false } });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
    const [row] = await t.query<typeof target>(
      `SELECT o.id, o.unit_id AS "unitId", o.enhed_id AS "enhedId", o.opens_on::text AS "opensOn", o.due_on::text AS "dueOn", lp.email AS "leaderEmail", lp.id AS "leaderId", bp.email AS "boardEmail"
       FROM tilsyn_visit v JOIN obligation o ON o.id = v.obligation_id
       JOIN assignment a ON a.unit_id = o.unit_id AND a.role = 'leader' AND a.valid_to IS NULL JOIN person lp ON lp.id = a.person_id
       JOIN assignment b ON b.unit_id = o.unit_id AND b.role = 'board' AND b.valid_to IS NULL JOIN person bp ON bp.id = b.person_id
       WHERE v.announcement = 'anmeldt' AND v.trigger = 'ordinaer' AND o.state = 'planned' AND o.inspector_person_ids = '{}'
       ORDER BY o.due_on, o.id LIMIT 1`,
    );
    expect(row).toBeTruthy();
    target = row!;
    admin = await login('admin@demo.local');
  }, 300000);
  afterAll(() => t?.close());

  it('R90: the inspector dropdown leaves out those the assignment refuses, lists them with why, and the refusal agrees', async () => {
    // The unit's own leader is made a tilsynsførende: R90 refuses them for their own unit.
    await t.query(`UPDATE person SET tilsynsfoerende = true WHERE id = $1`, [target.leaderId]);
    const page = await admin.get(`/tilsynsbesoeg/${target.id}`);
    expect(page.status).toBe(200);
    const offered = optionsOf(page.text);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.map((o) => o.id)).not.toContain(target.leaderId);
    const excluded = /<details class="details" id="ikke-upartiske">[\s\S]*?<\/details>/.exec(page.text)?.[0] ?? '';
    expect(excluded).toContain('Ikke valgbare på grund af upartiskhed (R90)');
    expect(excluded).toContain('leder af enheden');
    // The rule itself refuses the one left out …
    const refused = await admin.post(`/tilsynsbesoeg/${target.id}/tilsynsfoerende`).type('form').send({ _csrf: csrfOf(page.text), personId: target.leaderId });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('R90');
    // … and accepts every one offered (the first, here; each is checked by the same function).
    const ok = await admin.post(`/tilsynsbesoeg/${target.id}/tilsynsfoerende`).type('form').send({ _csrf: csrfOf(page.text), personId: offered[0]!.id });
    expect(ok.status).toBe(303);
  });

  it('R90/R97: booking a date outside the visit’s window is accepted with a warning naming the window; inside it is not warned', async () => {
    const page = await admin.get(`/tilsynsbesoeg/${target.id}`);
    expect(page.text).toContain('helst i vinduet');
    const outside = await admin.post(`/tilsynsbesoeg/${target.id}/book`).type('form').send({ _csrf: csrfOf(page.text), date: '2031-01-06' });
    expect(outside.status).toBe(303);
    const warned = (await admin.get(`/tilsynsbesoeg/${target.id}`)).text;
    expect(warned).toContain('alert-warning');
    expect(warned).toContain('ligger efter fristen');
    expect(warned).toMatch(/vinduet er \d+\. \S+ \d{4} – \d+\. \S+ \d{4}/);
    const inside = await admin.post(`/tilsynsbesoeg/${target.id}/book`).type('form').send({ _csrf: csrfOf(warned), date: target.dueOn });
    expect(inside.status).toBe(303);
    const fine = (await admin.get(`/tilsynsbesoeg/${target.id}`)).text;
    expect(fine).toContain('Besøgets dato er booket:');
    expect(fine).not.toContain('ligger efter fristen');
  });

  it('R31: the general obligation page warns like the visit page when the date is outside the window, and warns of a date in the past', async () => {
    const [o] = await t.query<{ id: string; opensOn: string; dueOn: string }>(
      `SELECT o.id, o.opens_on::text AS "opensOn", o.due_on::text AS "dueOn" FROM obligation o
        WHERE o.kind = 'ledelsesopfoelgning' AND o.state = 'planned' AND o.opens_on > $1 ORDER BY o.opens_on, o.id LIMIT 1`,
      [today],
    );
    const page = await admin.get(`/forpligtelser/${o!.id}`);
    expect(page.status).toBe(200);
    const after = await admin.post(`/forpligtelser/${o!.id}/book`).type('form').send({ _csrf: csrfOf(page.text), date: '2031-01-06' });
    expect(after.status).toBe(303);
    const warned = (await admin.get(`/forpligtelser/${o!.id}`)).text;
    expect(warned).toContain('alert-warning');
    expect(warned).toContain('Datoen er booket: 6. jan. 2031.');
    expect(warned).toContain('ligger efter fristen');
    expect(warned).toMatch(/vinduet er \d+\. \S+ \d{4} – \d+\. \S+ \d{4}/);
    const before = await admin.post(`/forpligtelser/${o!.id}/book`).type('form').send({ _csrf: csrfOf(warned), date: today });
    expect(before.status).toBe(303);
    expect((await admin.get(`/forpligtelser/${o!.id}`)).text).toContain('ligger før vinduet åbner');
    // A date in the past, here also before the window: booked and warned once, naming both, never inviting a
    // confirmation a held date before the window would be refused by (R31; a newcomer read both at once).
    const fresh = await admin.get(`/forpligtelser/${o!.id}`);
    const past = await admin.post(`/forpligtelser/${o!.id}/book`).type('form').send({ _csrf: csrfOf(fresh.text), date: '2026-11-01' });
    expect(past.status).toBe(303);
    const pastWarned = (await admin.get(`/forpligtelser/${o!.id}`)).text;
    expect(pastWarned).toContain('Den bookede dato 1. nov. 2026 ligger før i dag (30. nov. 2026) og før vinduet åbner');
    expect(pastWarned).toContain('vælg en dato i vinduet');
    expect(pastWarned).not.toContain('bekræft det');
    await admin.post(`/forpligtelser/${o!.id}/book`).type('form').send({ _csrf: csrfOf(fresh.text), date: today }).expect(303);
    // The trail's "Dato booket" rows say which obligation and which date, on the admin's trail and the unit's history.
    const [{ unit_id: unitId, kind, sequence, subject_key: subjectKey }] = await t.query<{ unit_id: string; kind: ObligationKind; sequence: number; subject_key: string }>(
      `SELECT unit_id, kind, sequence, subject_key FROM obligation WHERE id = $1`,
      [o!.id],
    );
    // The name as the trail writes it, with R51's next-layer leader when the follow-up is with one.
    const [subject] = kind === 'ledelsesopfoelgning' && /^[0-9a-f-]{36}$/.test(subjectKey) ? await t.query<{ name: string }>(`SELECT name FROM person WHERE id = $1`, [subjectKey]) : [];
    const name = obligationName({ kind, sequence, subjectKey, subjectName: subject?.name ?? null });
    const trail = (await admin.get(`/revisionsspor?unitId=${unitId}`)).text;
    expect(trail).toContain(`<td>Dato booket</td>`);
    expect(trail).toContain(`${name} · dato 6. jan. 2031`);
    expect(trail).toContain(`${name} · dato 30. nov. 2026`);
    expect((await admin.get(`/enheder/${unitId}`)).text).toContain(`${name} · dato 30. nov. 2026`);
  });

  it('R95: a follow-up visit under skærpet tilsyn is labelled as one on the unit page, the plan and its own page', async () => {
    const [{ id: adminId }] = await t.query<{ id: string }>(`SELECT id FROM person WHERE email = 'admin@demo.local'`);
    const created = await t
      .as(`Bearer ${await t.tokenFor(adminId)}`)
      .post('/api/v1/tilsyn/visits')
      // A unit with registered enheder needs the enhed named (the demo gives some dagtilbud 2–4).
      .send({ unitId: target.unitId, ...(target.enhedId ? { enhedId: target.enhedId } : {}), announcement: 'anmeldt', trigger: 'skaerpet_opfoelgning', dueOn: '2027-02-26', reason: 'Opfølgning' });
    expect([created.status, created.body]).toEqual([201, expect.anything()]);
    const unit = (await admin.get(`/enheder/${target.unitId}`)).text;
    expect(unit).toContain(`<a href="/tilsynsbesoeg/${created.body.id}">Opfølgende besøg (skærpet tilsyn), anmeldt`);
    // The link also names its enhed and cycle for screen readers (the group's cells show on its first row only).
    expect((await admin.get('/tilsynsplan')).text).toMatch(new RegExp(`<a href="/tilsynsbesoeg/${created.body.id}">Opfølgende besøg \\(skærpet tilsyn\\), anmeldt<span class="sr-only">, [^<]+</span></a>`));
    expect((await admin.get(`/tilsynsbesoeg/${created.body.id}`)).text).toContain('<h1>Opfølgende besøg (skærpet tilsyn), anmeldt – ');
  });

  it('/tilsynsplan says whose visits it lists, per role; a board contact is told they see no visits (by design)', async () => {
    expect((await admin.get('/tilsynsplan')).text).toContain('Som tilsynskoordinator ser du alle besøg.');
    const leaderPlan = (await (await login(target.leaderEmail)).get('/tilsynsplan')).text;
    expect(leaderPlan).toContain('Du ser tilsynsbesøgene i de enheder, du har en rolle i.');
    expect(leaderPlan).not.toContain('du er tilsynsførende på');
    expect(leaderPlan).toMatch(/<a[^>]*href="\/tilsynsplan"/);
    const board = await login(target.boardEmail);
    expect((await board.get('/tilsynsplan')).text).toContain('Som bestyrelseskontakt ser du ikke selve tilsynsbesøgene, heller ikke når de er holdt');
    // The menu offers the page to everyone it serves (chefs too), never to a board contact, who sees no visit (R91).
    expect((await board.get('/')).text).not.toMatch(/<a[^>]*href="\/tilsynsplan"/);
    const [chef] = await t.query<{ email: string }>(
      `SELECT p.email FROM person p JOIN assignment a ON a.person_id = p.id AND a.role = 'chef' AND a.valid_to IS NULL WHERE NOT p.admin ORDER BY p.email LIMIT 1`,
    );
    const chefPlan = await (await login(chef!.email)).get('/tilsynsplan');
    expect(chefPlan.status).toBe(200);
    expect(chefPlan.text).toMatch(/<a[^>]*href="\/tilsynsplan"/);
    const unit = await board.get(`/enheder/${target.unitId}`);
    expect(unit.status).toBe(200);
    expect(unit.text).toContain('Som bestyrelseskontakt ser du ikke tilsynsbesøgene, heller ikke når de er holdt.');
    const [inspector] = await t.query<{ email: string }>(
      `SELECT p.email FROM person p JOIN obligation o ON p.id = ANY(o.inspector_person_ids) WHERE o.id = $1 AND p.id <> $2 LIMIT 1`,
      [target.id, target.leaderId],
    );
    expect((await (await login(inspector!.email)).get('/tilsynsplan')).text).toContain('Du ser de besøg, du er tilsynsførende på.');
  });

  it('R90/R91: an inspector’s lists name each visit anmeldt or uanmeldt, the header shows their role and the menu has Tilsynsplan; the unit never sees the unannounced one', async () => {
    // One inspector (the first the impartiality check offers) on both visits of the enhed's cycle.
    const targetPage = await admin.get(`/tilsynsbesoeg/${target.id}`);
    const [chosen] = optionsOf(targetPage.text);
    expect((await admin.post(`/tilsynsbesoeg/${target.id}/tilsynsfoerende`).type('form').send({ _csrf: csrfOf(targetPage.text), personId: chosen!.id })).status).toBe(303);
    const [inspector] = await t.query<{ id: string; email: string }>(`SELECT id, email FROM person WHERE id = $1`, [chosen!.id]);
    const [secret] = await t.query<{ id: string }>(
      `SELECT o.id FROM obligation o WHERE o.kind = 'tilsynsbesoeg' AND o.secret_until_held AND o.state = 'planned' AND o.unit_id = $1 AND o.enhed_id IS NOT DISTINCT FROM $2 LIMIT 1`,
      [target.unitId, target.enhedId],
    );
    const form = await admin.get(`/tilsynsbesoeg/${secret!.id}`);
    expect((await admin.post(`/tilsynsbesoeg/${secret!.id}/tilsynsfoerende`).type('form').send({ _csrf: csrfOf(form.text), personId: inspector!.id })).status).toBe(303);
    const home = (await (await login(inspector!.email)).get('/')).text;
    expect(home).toContain(`<a href="/forpligtelser/${target.id}">Anmeldt tilsynsbesøg `);
    expect(home).toContain(`<a href="/forpligtelser/${secret!.id}">Uanmeldt tilsynsbesøg `);
    expect(home).not.toContain('Tilsynsbesøg 1');
    expect(home).toContain('Tilsynsførende');
    expect(home).not.toContain('Ingen aktuel rolle');
    expect(home).toMatch(/<a[^>]*href="\/tilsynsplan"/);
    // R91: the unit's leader sees the announced visit by its name, never the unannounced one.
    const leader = await login(target.leaderEmail);
    for (const path of ['/', `/enheder/${target.unitId}`]) {
      const text = (await leader.get(path)).text;
      expect(text).not.toContain('Uanmeldt tilsynsbesøg');
      expect(text).not.toContain(secret!.id);
    }
    // /tilsynsplan serves the unit's leader (their units' visits as R91 lets them see them): the menu leads there.
    expect((await leader.get('/')).text).toMatch(/<a[^>]*href="\/tilsynsplan"/);
  });

  it('R92: a tilsyn visit opened through the general obligation page (Mit overblik, the unit history) leads to the visit form, which is the one that can confirm it', async () => {
    for (const path of [`/forpligtelser/${target.id}`, `/forpligtelser/${target.id}/bekraeft`]) {
      const res = await admin.get(path);
      expect([path, res.status, res.headers.location]).toEqual([path, 303, `/tilsynsbesoeg/${target.id}`]);
    }
  });

  it('the unit page draws its timeline with numbers: no NaN or empty coordinate (the learning loop is not hidden by the for-loops)', async () => {
    const html = (await admin.get(`/enheder/${target.unitId}`)).text;
    const svg = /<svg class="app-timeline"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg).toContain('class="tl-grid"');
    expect(svg).not.toMatch(/NaN|(?:x1|x2|y1|y2)=""/);
    const grid = /<line class="tl-grid" x1="([\d.]+)" x2="[\d.]+" y1="20" y2="([\d.]+)"/.exec(svg);
    expect(Number(grid?.[2])).toBeGreaterThan(20);
  });

  it('R92: with the leader named and no staff, the refusal about the staff dialogue points at "Medarbejdere, der deltog", which is marked required', async () => {
    const page = (await admin.get(`/tilsynsbesoeg/${target.id}`)).text;
    expect(page).toMatch(/<label[^>]*for="staffNames"[^>]*>[\s\S]*?skal udfyldes/);
    const [{ ids }] = await t.query<{ ids: string[] }>(`SELECT inspector_person_ids AS ids FROM obligation WHERE id = $1`, [target.id]);
    const res = await admin
      .post(`/tilsynsbesoeg/${target.id}/bekraeft`)
      .type('form')
      .send({ _csrf: csrfOf(page), heldOn: today, inspectorIds: ids[0], observations: 'God stemning', leaderRole: 'leder', leaderName: 'Mette Leder', staffNames: '', outcome: 'ingen_opfoelgning' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#staffNames" class="function-link">R92: Angiv dialogen med medarbejderne under besøget');
    expect(res.text).not.toContain('<a href="#leaderName" class="function-link">R92: Angiv dialogen med medarbejderne');
  });
});
