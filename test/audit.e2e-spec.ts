import { OBLIGATION_SNAPSHOTS } from '../workflows/obligation/obligation.machine';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { authOf, idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { trailHeadDisagreements } from './support/trail-head';
import { csvLines, normalise, stableNames } from './support/coverage-pin';

const THEMES = ['Fravær', 'Læringsmiljø', 'Faglig udvikling'];
const HOSTILE_NAME = '=HYPERLINK("http://evil.example";"klik")';
const COVERAGE_HEADER =
  'enhedskode;enhed;type;styreform;distrikt;chef;forfaldne;rettidigt;for_sent;overskredet;aabne;annulleret_fritaget;R22;R24;R27;R28;R29;R41;R52;R61;R63;R90;R93;R94;R95_aabne_sager;R95_aeldste_dage;R96'; // R90–R96: the statutory part (branch tilsyn2)

const skPeople = [
  { role: 'chef', name: 'Søren Vestergaard' },
  { role: 'leder', name: 'Mette Kjær' },
  { role: 'bestyrelsesrepraesentant', name: 'Trine Dahl' },
];

/** Reads a response body as raw bytes, so the BOM can be seen. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function binary(res: any, callback: (err: Error | null, body: any) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

type Rule = { rule: string; applicable: boolean; pass: boolean; failing: { obligationId: string | null; kind: string | null; sequence: number | null; message: string }[] };
type Row = Record<string, any> & { code: string; rules: Rule[] };

/**
 * The tilsyn coverage audit (R80–R81), the audit trail and the overview of
 * local focus areas (R11), over HTTP.
 *
 * The scenario (6–18 report treated 2020-03-25, 0–6 report 2021-03-24):
 * - SK-1: datapakke 1 and 2 published on time, elevinput and samtale 1 on
 *   time, samtale 2 confirmed late (with the board's statement), follow-ups
 *   1, 2 and 5 on time, 3 late, 4 never held (overdue), one next-layer
 *   follow-up cancelled with a reason.
 * - FU-1: nothing confirmed in 2020, so samtale 1 and the elevinput are overdue.
 *   Samtale 4 (2021) is confirmed without a youth or afdelingsleder
 *   representative and without a recorded deviation (the API asks for its
 *   reason, R75); the fixture writes that confirmation
 *   with SQL — an obligation row and its COMPLETE transition, as an older
 *   version of the engine or a data migration could have left them — so the
 *   audit's R28 check has something to flag.
 * - SK-2: a unit whose name is a spreadsheet formula, inserted with SQL.
 * - DT-2 (selvejende): its 2021 tilsynsafrapportering is never received (R61).
 */
describe('the tilsyn coverage audit (R80–R81), the audit trail and the focus areas (R11)', () => {
  let t: TestApp;
  let admin: string;
  let leader: string;
  let chefVest: string;
  const ids: Record<string, string> = {};

  const obligation = async (unit: string, kind: string, sequence: number, subject: 'own' | 'subLeader' = 'own') => {
    const [row] = await t.query<{ id: string }>(
      `SELECT o.id FROM obligation o JOIN unit u ON u.id = o.unit_id
       WHERE u.code = $1 AND o.kind = $2 AND o.sequence = $3 AND (($4 = 'own') = (o.subject_key = '' OR o.kind = 'tilsynsafrapportering'))
       ORDER BY o.due_on LIMIT 1`,
      [unit, kind, sequence, subject],
    );
    if (!row) throw new Error(`${unit} ${kind} ${sequence} findes ikke`);
    return row.id;
  };
  const ok = async (res: Promise<{ status: number; body: any }> | { status: number; body: any }, expected = 200) => {
    const r = await res;
    if (r.status !== expected) throw new Error(`expected ${expected}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r;
  };
  const complete = (auth: string, id: string, body: object) => ok(t.as(auth).post(`/api/v1/obligations/${id}/complete`).send(body));
  const publish = (unit: string) => ok(t.as(admin).post('/api/v1/datapakker/publish').send({ unitId: ids[unit] }));
  const coverage = async (auth: string, query: string) => (await ok(t.as(auth).get(`/api/v1/audit/coverage?${query}`))).body as { items: Row[]; total: number; totals: any };
  const row = (body: { items: Row[] }, code: string) => body.items.find((r) => r.code === code)!;
  const rule = (r: Row, id: string) => r.rules.find((c) => c.rule === id)!;

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-03-01' });
    admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    // A name a spreadsheet would run as a formula (CSV injection); the import would accept it too.
    await t.query(`INSERT INTO unit (code, name, type, valid_from) VALUES ('SK-2', $1, 'skole', '2010-01-01')`, [HOSTILE_NAME]);
    for (const code of ['SK-1', 'SK-2', 'FU-1', 'DT-1', 'DT-2']) ids[code] = await idOf(t, 'unit', code);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', THEMES);
    leader = await authOf(t, 'leder.sk1@test.dk');
    chefVest = await authOf(t, 'chef.vest@test.dk');

    t.clock.setToday('2020-03-25');
    await publish('SK-1'); // datapakke 1, on its due date

    t.clock.setToday('2020-05-12');
    await complete(leader, await obligation('SK-1', 'elevinput', 1), { heldOn: '2020-05-10', note: 'Elevrådet spurgt' });
    await complete(leader, await obligation('SK-1', 'laeringssamtale', 1), {
      heldOn: '2020-05-12',
      participants: skPeople,
      agreements: ['Fraværsopfølgning hver måned'],
      focusAreas: [{ title: 'Tidlig indsats ved bekymrende fravær', theme: 'Fravær' }],
      childrenPerspective: 'Elevrådet inddrages før hver samtale',
      dataInputs: ['A', 'E'],
    });

    t.clock.setToday('2020-07-20');
    await complete(chefVest, await obligation('SK-1', 'ledelsesopfoelgning', 1), { heldOn: '2020-04-28' });
    await complete(chefVest, await obligation('SK-1', 'ledelsesopfoelgning', 2), { heldOn: '2020-06-25' });
    await publish('SK-1'); // datapakke 2, due 2020-08-01

    t.clock.setToday('2021-01-10');
    await complete(chefVest, await obligation('SK-1', 'ledelsesopfoelgning', 3), { heldOn: '2020-09-10' }); // due 2020-08-31: late
    await complete(chefVest, await obligation('SK-1', 'ledelsesopfoelgning', 5), { heldOn: '2020-12-28' });
    await complete(leader, await obligation('SK-1', 'laeringssamtale', 2), {
      heldOn: '2020-12-20', // due 2020-12-15: late
      participants: skPeople.filter((p) => p.role !== 'bestyrelsesrepraesentant'),
      agreements: ['Fortsæt'],
      boardStatement: 'Bestyrelsen bakker op',
      dataInputs: ['A'],
      agreementFollowUp: [{ agreement: 'Fraværsopfølgning hver måned', status: 'i_gang', note: 'Holdt i fire af seks måneder' }],
    });
    await ok(t.as(admin).post(`/api/v1/obligations/${await obligation('SK-1', 'ledelsesopfoelgning', 4, 'subLeader')}/cancel`).send({ reason: 'Pædagogisk leder på orlov' }));

    t.clock.setToday('2021-03-01');
    await treatReport(t, admin, '0-6', 2021, '2021-03-24', ['Sprog', 'Trivsel']);

    t.clock.setToday('2022-01-15');
    await t.app.get(SchedulerService).runPass();

    // R28 fixture (see above): FU-1's samtale 4 confirmed without a senate representative.
    const fourth = await obligation('FU-1', 'laeringssamtale', 4);
    const confirmation = { heldOn: '2021-10-01', participants: skPeople, agreements: ['Afslutning'], dataInputs: ['A'] };
    await t.query(`UPDATE obligation SET state = 'completed', snapshot = $2::jsonb, completed_on = '2021-10-01', completion = $3::jsonb WHERE id = $1`, [
      fourth,
      JSON.stringify(OBLIGATION_SNAPSHOTS.completed),
      JSON.stringify(confirmation),
    ]);
    await t.query(
      `INSERT INTO transition (unit_id, obligation_id, event, from_state, to_state, payload) VALUES ($1, $2, 'COMPLETE', 'overdue', 'completed', $3::jsonb)`,
      [ids['FU-1'], fourth, JSON.stringify(confirmation)],
    );
  });
  afterAll(() => t.close());

  describe('GET /api/v1/audit/coverage', () => {
    it('R80: per unit, the obligations due in the period: on time, late, overdue, open, cancelled/waived with reasons', async () => {
      const body = await coverage(admin, 'from=2020-01-01&to=2020-12-31');
      expect(body.items.map((r) => r.code)).toEqual(['DT-1', 'DT-2', 'FU-1', 'SK-1', 'SK-2']);
      expect(body.total).toBe(5);
      const sk1 = row(body, 'SK-1');
      const [{ n: due }] = await t.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM obligation WHERE unit_id = $1 AND due_on BETWEEN '2020-01-01' AND '2020-12-31'`,
        [ids['SK-1']],
      );
      expect(sk1).toMatchObject({
        code: 'SK-1',
        name: 'Ellekærskolen',
        type: 'skole',
        governance: 'kommunal',
        district: 'Vest',
        ageArea: '6-18',
        chef: { name: 'Søren Vestergaard' },
        due,
        // datapakke 1 and 2, elevinput, samtale 1, follow-ups 1, 2 and 5
        completedOnTime: 7,
        // follow-up 3, samtale 2 and (R27) the board's input to samtale 2, given as its statement there
        completedLate: 3,
        open: 0,
        cancelledWaived: 1,
        overdue: due - 11,
        trailMismatches: [],
      });
      expect(sk1.cancelledWaivedItems).toEqual([
        expect.objectContaining({ kind: 'ledelsesopfoelgning', state: 'cancelled', reason: 'Pædagogisk leder på orlov' }),
      ]);
      // Units without a loop in the period are listed with nothing due.
      expect(row(body, 'DT-1')).toMatchObject({ due: 0, chef: { name: 'Hanne Nørgaard' } });
      expect(row(body, 'DT-1').rules.every((r) => !r.applicable && r.pass)).toBe(true);
    });

    it('R22, R24, R27, R29, R41 pass for SK-1; R28 and R61 do not apply to a skole', async () => {
      const sk1 = row(await coverage(admin, 'from=2020-01-01&to=2020-12-31'), 'SK-1');
      for (const id of ['R22', 'R24', 'R27', 'R29', 'R41']) expect(rule(sk1, id)).toMatchObject({ applicable: true, pass: true, failing: [] });
      for (const id of ['R28', 'R61']) expect(rule(sk1, id)).toMatchObject({ applicable: false, pass: true });
    });

    it('R52: fewer than the follow-ups due in 2020 held, and only two between samtale 1 and 2; the failing obligations are named', async () => {
      const r52 = rule(row(await coverage(admin, 'from=2020-01-01&to=2020-12-31'), 'SK-1'), 'R52');
      expect(r52.pass).toBe(false);
      expect(r52.failing).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ obligationId: await obligation('SK-1', 'ledelsesopfoelgning', 4), kind: 'ledelsesopfoelgning', sequence: 4 }),
          expect.objectContaining({ obligationId: await obligation('SK-1', 'laeringssamtale', 2), kind: 'laeringssamtale', sequence: 2 }),
        ]),
      );
      expect(r52.failing.map((f) => f.message).join('\n')).toMatch(/4 af mindst 5 ledelsesopfølgninger holdt i 2020/);
      expect(r52.failing.map((f) => f.message).join('\n')).toMatch(/2 ledelsesopfølgninger mellem læringssamtale 1 \(2020-05-12\) og læringssamtale 2 \(2020-12-20\); mindst 3/);
    });

    it('R22, R24, R27, R29: an overdue, never confirmed samtale 1 and elevinput fail, naming them', async () => {
      const fu = row(await coverage(admin, 'from=2020-01-01&to=2020-12-31'), 'FU-1');
      const samtale1 = await obligation('FU-1', 'laeringssamtale', 1);
      for (const id of ['R22', 'R24']) {
        expect(rule(fu, id).pass).toBe(false);
        expect(rule(fu, id).failing).toEqual([expect.objectContaining({ obligationId: samtale1, kind: 'laeringssamtale', sequence: 1 })]);
      }
      // R27 judges samtaler 1–4: samtale 2 (due 2020-12-15) is overdue too.
      expect(rule(fu, 'R27').failing).toEqual([
        expect.objectContaining({ obligationId: samtale1, sequence: 1 }),
        expect.objectContaining({ obligationId: await obligation('FU-1', 'laeringssamtale', 2), sequence: 2 }),
      ]);
      expect(rule(fu, 'R29').failing).toEqual([expect.objectContaining({ obligationId: await obligation('FU-1', 'elevinput', 1), kind: 'elevinput' })]);
      expect(fu.completedOnTime + fu.completedLate).toBe(0);
    });

    it('R28 and R61 in 2021: an FU samtale 4 without an afdelingsleder representative, closing a year without a youth representative, and a missing tilsynsafrapportering', async () => {
      const body = await coverage(admin, 'from=2021-01-01&to=2021-12-31');
      const fourth = await obligation('FU-1', 'laeringssamtale', 4);
      expect(rule(row(body, 'FU-1'), 'R28')).toMatchObject({
        applicable: true,
        pass: false,
        failing: [
          expect.objectContaining({ obligationId: fourth, sequence: 4, message: expect.stringContaining('afdelingslederrepræsentant') }),
          expect.objectContaining({ obligationId: fourth, sequence: 4, message: expect.stringContaining('læringssamtale 3–4') }),
        ],
      });
      expect(rule(row(body, 'DT-2'), 'R61')).toMatchObject({
        applicable: true,
        pass: false,
        failing: [expect.objectContaining({ obligationId: await obligation('DT-2', 'tilsynsafrapportering', 1), kind: 'tilsynsafrapportering' })],
      });
      expect(rule(row(body, 'DT-1'), 'R61').applicable).toBe(false); // kommunal
    });

    it('R80: totals sum the slice, and the filters slice it (type, age area, governance, district, specialtilbud, unit, chef)', async () => {
      const body = await coverage(admin, 'from=2020-01-01&to=2020-12-31');
      for (const key of ['due', 'completedOnTime', 'completedLate', 'overdue', 'open', 'cancelledWaived']) {
        expect(body.totals[key]).toBe(body.items.reduce((n, r) => n + r[key], 0));
      }
      expect(body.totals.units).toBe(5);
      expect(body.totals.rules.find((r: { rule: string }) => r.rule === 'R22')).toEqual({ rule: 'R22', passed: 1, failed: 2, notApplicable: 2 });

      const codes = async (q: string) => (await coverage(admin, `from=2020-01-01&to=2020-12-31&${q}`)).items.map((r) => r.code);
      expect(await codes('type=fu')).toEqual(['FU-1']);
      expect(await codes('ageArea=0-6')).toEqual(['DT-1', 'DT-2']);
      expect(await codes('governance=selvejende')).toEqual(['DT-2']);
      expect(await codes('district=vest')).toEqual(['DT-2', 'FU-1', 'SK-1']);
      // R80: the specialtilbud slice (SK-2 is made a specialtilbud here).
      await t.query(`UPDATE unit SET special = true WHERE code = 'SK-2'`);
      expect(await codes('special=ja')).toEqual(['SK-2']);
      expect(await codes('special=nej')).toEqual(['DT-1', 'DT-2', 'FU-1', 'SK-1']);
      await t.as(admin).get('/api/v1/audit/coverage?from=2020-01-01&to=2020-12-31&special=kanske').expect(400);
      await t.query(`UPDATE unit SET special = false WHERE code = 'SK-2'`);
      expect(await codes(`unitId=${ids['SK-1']}`)).toEqual(['SK-1']);
      expect(await codes(`chefId=${await idOf(t, 'person', 'chef.nord@test.dk')}`)).toEqual(['DT-1']);
      const page = await coverage(admin, 'from=2020-01-01&to=2020-12-31&limit=2&offset=1');
      expect(page.items.map((r) => r.code)).toEqual(['DT-2', 'FU-1']);
      expect(page.total).toBe(5);
      expect(page.totals.units).toBe(5);
    });

    it('a chef sees only the units they were chef for; another leader gets an empty list, never 403', async () => {
      expect((await coverage(chefVest, 'from=2020-01-01&to=2020-12-31')).items.map((r) => r.code)).toEqual(['DT-2', 'FU-1', 'SK-1']);
      expect((await coverage(await authOf(t, 'chef.nord@test.dk'), 'from=2020-01-01&to=2020-12-31')).items.map((r) => r.code)).toEqual(['DT-1']);
      const other = await coverage(await authOf(t, 'leder.dt1@test.dk'), 'from=2020-01-01&to=2020-12-31');
      expect(other).toMatchObject({ items: [], total: 0, totals: { units: 0, due: 0 } });
      // Asking for another chef's slice does not widen a chef's view.
      const nord = await idOf(t, 'person', 'chef.nord@test.dk');
      expect((await coverage(chefVest, `from=2020-01-01&to=2020-12-31&chefId=${nord}`)).items).toEqual([]);
    });

    it('R3: a chef’s slice counts only what fell due while they were chef', async () => {
      const newChef = await t.person('ny.chef@test.dk', false);
      await t.query(`INSERT INTO assignment (unit_id, person_id, role, valid_from) VALUES ($1, $2, 'chef', '2020-07-01')`, [ids['SK-2'], newChef.id]);
      const [{ n }] = await t.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM obligation WHERE unit_id = $1 AND due_on BETWEEN '2020-07-01' AND '2020-12-31'`,
        [ids['SK-2']],
      );
      const body = await coverage(newChef.auth, 'from=2020-01-01&to=2020-12-31');
      expect(body.items.map((r) => r.code)).toEqual(['SK-2']);
      expect(body.items[0]).toMatchObject({ due: n, chef: { id: newChef.id } });
      // Samtale 1 (due 2020-06-03) was before their time: not theirs to answer for.
      expect(rule(body.items[0]!, 'R22').applicable).toBe(false);
    });

    it('CSV: UTF-8 with BOM, ;-separated, CRLF, Danish headers, one row per unit and a totals row, formulas neutralised', async () => {
      const res = await t.as(admin).get('/api/v1/audit/coverage?from=2020-01-01&to=2020-12-31&format=csv').buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="tilsynsdaekning-2020-01-01-2020-12-31.csv"');
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text.endsWith('\r\n')).toBe(true);
      const lines = text.slice(0, -2).split('\r\n');
      expect(lines[0]).toBe(COVERAGE_HEADER);
      expect(lines).toHaveLength(1 + 5 + 1);
      const cells = (line: string) => line.split(';');
      const sk1 = cells(lines.find((l) => l.startsWith('SK-1;'))!);
      const header = cells(COVERAGE_HEADER);
      const at = (name: string) => header.indexOf(name);
      expect(sk1.slice(0, 6)).toEqual(['SK-1', 'Ellekærskolen', 'skole', 'kommunal', 'Vest', 'Søren Vestergaard']);
      expect([sk1[at('rettidigt')], sk1[at('for_sent')], sk1[at('annulleret_fritaget')], sk1[at('aabne')]]).toEqual(['7', '3', '1', '0']);
      expect([sk1[at('R22')], sk1[at('R28')], sk1[at('R52')], sk1[at('R61')]]).toEqual(['OK', '–', 'Fejl', '–']);
      // The hostile name is quoted (it holds ; and ") and starts with a quote character, so Excel shows it as text.
      expect(lines.find((l) => l.startsWith('SK-2;'))).toContain(`;"'=HYPERLINK(""http://evil.example"";""klik"")";`);
      expect(lines.some((l) => /(^|;)=/.test(l))).toBe(false);
      const totals = cells(lines[6]!);
      expect(totals[0]).toBe('I alt');
      expect(totals[at('rettidigt')]).toBe(String((await coverage(admin, 'from=2020-01-01&to=2020-12-31')).totals.completedOnTime));
      expect(totals[at('R22')]).toBe('Fejl (2)');
      expect(totals[at('R61')]).toBe('–');
    });

    it('refuses bad periods and unknown input with 400, and anonymous callers with 401', async () => {
      for (const q of [
        '',
        'from=2020-01-01',
        'from=2020-13-01&to=2020-12-31',
        'from=2021-01-01&to=2020-12-31',
        'from=2010-01-01&to=2020-01-02',
        'from=2020-01-01&to=2020-12-31&format=xlsx',
        'from=2020-01-01&to=2020-12-31&chefId=abc',
        'from=2020-01-01&to=2020-12-31&type=gymnasium',
        'from=2020-01-01&to=2020-12-31&limit=501',
        'from=2020-01-01&to=2020-12-31&hack=1',
        "from=2020-01-01'%3B--&to=2020-12-31",
      ]) {
        const res = await t.as(admin).get(`/api/v1/audit/coverage?${q}`);
        expect([q, res.status]).toEqual([q, 400]);
      }
      await t.as(admin).get('/api/v1/audit/coverage?from=2010-01-01&to=2020-01-01').expect(200); // exactly ten years
      await t.http.get('/api/v1/audit/coverage?from=2020-01-01&to=2020-12-31').expect(401);
      await t.http.get('/api/v1/audit/coverage?from=2020-01-01&to=2020-12-31').set('Authorization', 'Bearer forged.token.here').expect(401);
    });

    it('R41: a datapakke reopened after its samtale was confirmed fails, naming the datapakke', async () => {
      const pakke = await obligation('SK-1', 'datapakke', 2);
      await ok(t.as(admin).post(`/api/v1/obligations/${pakke}/reopen`).send({ reason: 'Forkerte tal offentliggjort' }));
      const sk1 = row(await coverage(admin, 'from=2020-01-01&to=2020-12-31'), 'SK-1');
      expect(rule(sk1, 'R41')).toMatchObject({ pass: false, failing: [expect.objectContaining({ obligationId: pakke, kind: 'datapakke', sequence: 2 })] });
      expect(sk1.completedOnTime).toBe(6);
    });

    it('R81: an obligation edited behind the audit trail’s back is counted as the trail says, and flagged', async () => {
      const fourth = await obligation('SK-1', 'ledelsesopfoelgning', 4);
      const before = row(await coverage(admin, 'from=2020-01-01&to=2020-12-31'), 'SK-1');
      await t.query(`UPDATE obligation SET state = 'completed', completed_on = '2020-10-30' WHERE id = $1`, [fourth]);
      const after = await coverage(admin, 'from=2020-01-01&to=2020-12-31');
      expect(row(after, 'SK-1')).toMatchObject({ completedOnTime: before.completedOnTime, overdue: before.overdue, trailMismatches: [fourth] });
      expect(after.totals.trailMismatches).toBe(1);
      await t.query(`UPDATE obligation SET state = 'overdue', completed_on = NULL WHERE id = $1`, [fourth]);
    });

    // Pinned before the audit became set-based (issue 14): the same fixtures must keep giving exactly these answers.
    it('R80/R81: the fixtures’ answers for several slices and periods are pinned (JSON and CSV)', async () => {
      const names = await stableNames(t);
      for (const [auth, query] of [
        [admin, 'from=2020-01-01&to=2020-12-31'],
        [admin, 'from=2020-01-01&to=2021-12-31'],
        [admin, 'from=2021-01-01&to=2021-12-31&ageArea=6-18'],
        [admin, 'from=2019-06-01&to=2022-05-31&district=vest'],
        [admin, `from=2020-01-01&to=2021-12-31&chefId=${await idOf(t, 'person', 'chef.nord@test.dk')}`],
        [chefVest, 'from=2020-01-01&to=2021-12-31'],
      ] as const) {
        const body = await coverage(auth, query);
        expect(normalise({ query, body }, names)).toMatchSnapshot();
      }
      const csv = await t.as(admin).get('/api/v1/audit/coverage?from=2020-01-01&to=2021-12-31&format=csv').buffer(true).parse(binary).expect(200);
      expect(csvLines(csv.body, names)).toMatchSnapshot();
    });
  });

  describe('GET /api/v1/audit/trail', () => {
    it('lists an obligation’s history newest first, with the actor’s name and the payload', async () => {
      const samtale1 = await obligation('SK-1', 'laeringssamtale', 1);
      const body = (await ok(t.as(admin).get(`/api/v1/audit/trail?obligationId=${samtale1}`))).body;
      expect(body.total).toBe(body.items.length);
      expect(body.items.map((i: { event: string }) => i.event)).toEqual(['SAMTALE_HELD', 'COMPLETE']);
      const completed = body.items[1];
      expect(completed).toMatchObject({
        actorPersonId: await idOf(t, 'person', 'leder.sk1@test.dk'),
        actorName: 'Mette Kjær',
        unitId: ids['SK-1'],
        obligationId: samtale1,
        fromState: 'planned',
        toState: 'completed',
        payload: expect.objectContaining({ heldOn: '2020-05-12', focusAreas: [{ title: 'Tidlig indsats ved bekymrende fravær', theme: 'Fravær' }] }),
      });
      expect(Date.parse(body.items[0].at)).toBeGreaterThanOrEqual(Date.parse(completed.at));
    });

    it('filters by unit, actor and date, and pages', async () => {
      const leaderId = await idOf(t, 'person', 'leder.sk1@test.dk');
      const byLeader = (await ok(t.as(admin).get(`/api/v1/audit/trail?personId=${leaderId}`))).body;
      expect(byLeader.total).toBeGreaterThan(0);
      expect(byLeader.items.every((i: { actorPersonId: string }) => i.actorPersonId === leaderId)).toBe(true);
      const byUnit = (await ok(t.as(admin).get(`/api/v1/audit/trail?unitId=${ids['DT-2']}&limit=1`))).body;
      expect(byUnit.items).toHaveLength(1);
      expect(byUnit.total).toBeGreaterThan(1);
      expect(byUnit.items[0].unitId).toBe(ids['DT-2']);
      const all = (await ok(t.as(admin).get('/api/v1/audit/trail?limit=500'))).body;
      const ordered = all.items.map((i: { at: string }) => Date.parse(i.at));
      expect([...ordered].sort((a: number, b: number) => b - a)).toEqual(ordered);
      expect((await ok(t.as(admin).get('/api/v1/audit/trail?to=2000-01-01'))).body).toEqual({ items: [], total: 0 });
      const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
      expect((await ok(t.as(admin).get(`/api/v1/audit/trail?from=${today}&limit=1`))).body.total).toBeGreaterThan(0);
    });

    it('outside the administration: only transitions of obligations the caller sees', async () => {
      const samtale1 = await obligation('SK-1', 'laeringssamtale', 1);
      expect((await ok(t.as(leader).get(`/api/v1/audit/trail?obligationId=${samtale1}`))).body.total).toBe(2);
      expect((await ok(t.as(await authOf(t, 'leder.dt1@test.dk')).get(`/api/v1/audit/trail?obligationId=${samtale1}`))).body).toEqual({ items: [], total: 0 });
      const mine = (await ok(t.as(await authOf(t, 'leder.dt1@test.dk')).get('/api/v1/audit/trail?limit=500'))).body;
      expect(mine.items.every((i: { unitId: string }) => i.unitId === ids['DT-1'])).toBe(true);
    });

    it('400 for bad ids and dates, 401 without a token', async () => {
      for (const q of ['obligationId=1', 'unitId=x', 'personId=%27', 'from=2020-02-30', 'from=2021-01-02&to=2021-01-01', 'limit=0', 'offset=-1', 'x=1']) {
        const res = await t.as(admin).get(`/api/v1/audit/trail?${q}`);
        expect([q, res.status]).toEqual([q, 400]);
      }
      await t.http.get('/api/v1/audit/trail').expect(401);
    });
  });

  describe('GET /api/v1/focus-areas (R11)', () => {
    it('every unit of the latest treated report’s loops, with the focus areas of its confirmed samtale 1', async () => {
      const body = (await ok(t.as(admin).get('/api/v1/focus-areas?ageArea=6-18'))).body;
      expect(body.report).toMatchObject({ ageArea: '6-18', year: 2020, themes: THEMES });
      expect(body.total).toBe(3);
      expect(body.items.map((i: { code: string }) => i.code)).toEqual(['FU-1', 'SK-1', 'SK-2']);
      const sk1 = body.items.find((i: { code: string }) => i.code === 'SK-1');
      expect(sk1).toMatchObject({ unitId: ids['SK-1'], name: 'Ellekærskolen', heldOn: '2020-05-12', focusAreas: [{ title: 'Tidlig indsats ved bekymrende fravær', theme: 'Fravær' }] });
      expect(sk1.confirmedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(body.items.find((i: { code: string }) => i.code === 'FU-1')).toMatchObject({ focusAreas: [], heldOn: null, confirmedOn: null });
      const dagtilbud = (await ok(t.as(admin).get('/api/v1/focus-areas?ageArea=0-6'))).body;
      expect(dagtilbud.report).toMatchObject({ ageArea: '0-6', year: 2021 });
      const byId = (await ok(t.as(admin).get(`/api/v1/focus-areas?reportId=${body.report.id}`))).body;
      expect(byId.report.id).toBe(body.report.id);
    });

    it('CSV: BOM, ;-separated, one line per focus area, formulas neutralised', async () => {
      const res = await t.as(admin).get('/api/v1/focus-areas?ageArea=6-18&format=csv').buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="fokusomraader-6-18-2020.csv"');
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).split('\r\n');
      expect(lines[0]).toBe('enhedskode;enhed;type;distrikt;tema;fokusomraade;afholdt;bekraeftet');
      expect(lines.find((l) => l.startsWith('SK-1;'))).toMatch(/^SK-1;Ellekærskolen;skole;Vest;Fravær;Tidlig indsats ved bekymrende fravær;2020-05-12;\d{4}-\d{2}-\d{2}$/);
      expect(lines.find((l) => l.startsWith('SK-2;'))).toContain(`"'=HYPERLINK(`);
    });

    it('a chef sees their own units; anyone else an empty list; 400/404/401', async () => {
      const codes = async (auth: string) => (await ok(t.as(auth).get('/api/v1/focus-areas?ageArea=6-18'))).body.items.map((i: { code: string }) => i.code);
      expect(await codes(chefVest)).toEqual(['FU-1', 'SK-1']);
      expect(await codes(await authOf(t, 'chef.nord@test.dk'))).toEqual([]);
      expect(await codes(leader)).toEqual([]);
      await t.as(admin).get('/api/v1/focus-areas').expect(400);
      await t.as(admin).get('/api/v1/focus-areas?ageArea=7-9').expect(400);
      await t.as(admin).get('/api/v1/focus-areas?reportId=nope').expect(400);
      const report = (await ok(t.as(admin).get('/api/v1/focus-areas?ageArea=0-6'))).body.report;
      await t.as(admin).get(`/api/v1/focus-areas?ageArea=6-18&reportId=${report.id}`).expect(400);
      await t.as(admin).get('/api/v1/focus-areas?reportId=00000000-0000-4000-8000-000000000000').expect(404);
      await t.http.get('/api/v1/focus-areas?ageArea=6-18').expect(401);
    });
  });

  it('R81: after the fixture’s completions, publications, cancellation, reopening and passed deadlines, the audit’s index of each obligation’s latest transition is the trail’s', async () => {
    const [{ states }] = await t.query<{ states: string[] }>(`SELECT array_agg(DISTINCT to_state ORDER BY to_state) AS states FROM obligation_trail_head`);
    expect(states).toEqual(expect.arrayContaining(['cancelled', 'completed', 'overdue']));
    expect(await trailHeadDisagreements(t)).toEqual([]);
  });

  it('the OpenAPI document describes the audit endpoints and their schemas', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/audit/coverage', '/api/v1/audit/trail', '/api/v1/focus-areas']));
    expect(Object.keys(doc.paths['/api/v1/audit/coverage'].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
    expect(doc.components.schemas).toEqual(expect.objectContaining({ CoverageResponse: expect.anything(), CoverageUnitRow: expect.anything(), RuleCheckDto: expect.anything(), TrailPage: expect.anything(), FocusAreasResponse: expect.anything() }));
    const params = doc.paths['/api/v1/audit/coverage'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['from', 'to', 'unitId', 'chefId', 'district', 'type', 'ageArea', 'governance', 'format']));
    const from = doc.paths['/api/v1/audit/coverage'].get.parameters.find((p: { name: string }) => p.name === 'from');
    expect(from).toMatchObject({ required: true, schema: { type: 'string', format: 'date' } });
  });
});
