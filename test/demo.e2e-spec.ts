import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { ObligationsService } from '../src/modules/obligations';
import { StatutoryAudit } from '../src/modules/tilsyn';
import { DEMO_TILSYNSRAPPORT_GAP } from '../src/modules/demo/demo-history';
import { followJob } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The demo data obeys the rulebook it demonstrates: loaded on 2026-11-30,
 * every confirmed samtale was held on or after its datapakke's publication
 * (R41), datapakker come as releases per age area and half-year dated before
 * the samtaler they feed (R42), and everything held lies within its window (R31).
 */
describe('the demo data passes its own coverage audit’s date checks (R31, R41, R42)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-30' });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
    const [{ id }] = await t.query<{ id: string }>(`SELECT id FROM person WHERE email = 'admin@demo.local'`);
    admin = `Bearer ${await t.tokenFor(id)}`;
  }, 300000);
  afterAll(() => t.close());

  it('R41: no samtale is held before its datapakke was published, in the data and in the audit', async () => {
    const early = await t.query(
      `SELECT s.id FROM obligation s JOIN obligation p ON p.loop_id = s.loop_id AND p.kind = 'datapakke' AND p.sequence = s.sequence
       WHERE s.kind = 'laeringssamtale' AND s.state = 'completed' AND (p.state <> 'completed' OR p.completed_on > s.completed_on) AND p.state <> 'waived'`,
    );
    expect(early).toEqual([]);
    const held = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM obligation WHERE kind = 'laeringssamtale' AND state = 'completed'`);
    expect(held[0]!.n).toBeGreaterThan(50);
    const audit = (await t.as(admin).get('/api/v1/audit/coverage?from=2024-01-01&to=2026-11-30&limit=500').expect(200)).body;
    const r41 = audit.totals.rules.find((r: { rule: string }) => r.rule === 'R41');
    expect(r41).toMatchObject({ failed: 0 });
    expect(r41.passed).toBeGreaterThan(50);
  });

  it('R42: the datapakker are releases per age area and half-year, published before the samtaler they feed', async () => {
    const releases = (await t.as(admin).get('/api/v1/datapakker/releases').expect(200)).body.items as { ageArea: string; halfYear: string; publishedOn: string }[];
    expect(releases.length).toBeGreaterThanOrEqual(4);
    expect(new Set(releases.map((r) => `${r.ageArea}|${r.halfYear}`)).size).toBe(releases.length);
    expect(releases.every((r) => r.publishedOn <= '2026-11-30')).toBe(true);
  });

  // Newcomer finding: a unit behind in its loop (samtale 3 not held, the loop in round 3) had its datapakke 4 left
  // unpublished and overdue by the round-4 release, and neither the age area nor the unit could publish it.
  const behindUnit = `SELECT u.id AS unit_id, o.id FROM obligation o JOIN learning_loop l ON l.id = o.loop_id JOIN unit u ON u.id = o.unit_id
                       WHERE o.kind = 'datapakke' AND l.state LIKE 'runde%' AND o.sequence > substring(l.state from 6)::int
                         AND o.due_on < '2026-11-30' ORDER BY u.name`;

  it('R40/R41: the demo leaves no datapakke overdue: a unit behind in its loop gets the half-year’s datapakke too', async () => {
    const behind = await t.query<{ id: string }>(behindUnit);
    expect(behind.length).toBeGreaterThan(0);
    const overdue = await t.query(`SELECT id FROM obligation WHERE kind = 'datapakke' AND state = 'overdue'`);
    expect(overdue).toEqual([]);
  });

  it('R40/R41: an administrator publishes an overdue datapakke of a unit behind in its loop, per unit and per age area, with the counts right', async () => {
    // A database loaded before the fix: two such datapakker (in the 0–6 area, as Elsted-Hjortshøj's) left unpublished.
    const stuck = await t.query<{ unit_id: string; id: string }>(
      `${behindUnit.replace('WHERE', `JOIN learning_loop l2 ON l2.id = o.loop_id AND l2.age_area = '0-6' WHERE`)}`,
    );
    expect(stuck.length).toBeGreaterThanOrEqual(2);
    const [first, second] = stuck;
    await t.query(`UPDATE obligation SET state = 'overdue', completed_on = NULL, completion = NULL WHERE id = ANY($1::uuid[])`, [[first!.id, second!.id]]);
    const counts = await t.app.get(ObligationsService).dueDatapakkeCounts();
    expect(counts.find((c) => c.ageArea === '0-6')).toMatchObject({ datapakker: 2, overdue: 2, units: 2 });

    expect((await t.as(admin).post('/api/v1/datapakker/publish').send({ unitId: first!.unit_id }).expect(200)).body).toEqual({ published: 1 });
    const res = await t.as(admin).post('/api/v1/datapakker/publish').send({ ageArea: '0-6' }).expect(202);
    const job = await followJob(t, admin, res.headers.location as string);
    expect(job.progress).toMatchObject({ done: 1, total: 1 });
    expect(job.result).toEqual({ published: 1 });
    const after = await t.query<{ state: string; completed_on: string }>(`SELECT state, completed_on::text FROM obligation WHERE id = ANY($1::uuid[])`, [[first!.id, second!.id]]);
    expect(after).toEqual([{ state: 'completed', completed_on: '2026-11-30' }, { state: 'completed', completed_on: '2026-11-30' }]);
    expect((await t.app.get(ObligationsService).dueDatapakkeCounts()).find((c) => c.ageArea === '0-6')).toBeUndefined();
  });

  // Newcomer finding: units that had held samtale 2 by November (their loop in round 3) had the spring's datapakke 3
  // (window 4 Jan 2027) counted as waiting and published by the age area's publishing, with no release behind it.
  it('R40/R42: a datapakke whose window has not opened is neither waiting nor published, also for a unit ahead of the plan', async () => {
    const ahead = await t.query<{ id: string; age_area: string }>(
      `SELECT o.id, l.age_area FROM obligation o JOIN learning_loop l ON l.id = o.loop_id
        WHERE o.kind = 'datapakke' AND o.state IN ('planned', 'scheduled') AND l.state LIKE 'runde%'
          AND o.sequence <= substring(l.state from 6)::int AND o.opens_on > '2026-11-30'`,
    );
    expect(ahead.length).toBeGreaterThan(0);
    const areas = [...new Set(ahead.map((a) => a.age_area))];
    const counts = await t.app.get(ObligationsService).dueDatapakkeCounts();
    for (const area of areas) expect(counts.find((c) => c.ageArea === area)).toBeUndefined();
    for (const area of areas) {
      const res = await t.as(admin).post('/api/v1/datapakker/publish').send({ ageArea: area }).expect(202);
      expect((await followJob(t, admin, res.headers.location as string)).result).toEqual({ published: 0 });
    }
    const published = await t.query(`SELECT id FROM obligation WHERE id = ANY($1::uuid[]) AND state = 'completed'`, [ahead.map((a) => a.id)]);
    expect(published).toEqual([]);
  });

  it('R31: every held samtale and follow-up lies within its window, never in the future', async () => {
    const outside = await t.query(
      `SELECT id FROM obligation WHERE kind IN ('laeringssamtale', 'ledelsesopfoelgning') AND state = 'completed'
         AND (completed_on < opens_on OR completed_on > '2026-11-30')`,
    );
    expect(outside).toEqual([]);
  });

  it('R93: the demo has published a tilsynsrapport within two years for most dagtilbud enheder; the few gaps fail R93 on the coverage audit', async () => {
    const enheder = await t.query<{ unit_id: string; key: string }>(
      `SELECT u.id AS unit_id, coalesce(e.id, u.id)::text AS key FROM unit u LEFT JOIN enhed e ON e.unit_id = u.id
       WHERE u.type = 'dagtilbud' AND u.valid_from <= '2026-11-30' AND (u.valid_to IS NULL OR u.valid_to >= '2026-11-30') ORDER BY u.code, e.code`,
    );
    const audit = await t.app.get(StatutoryAudit).forUnits([...new Set(enheder.map((e) => e.unit_id))], '2026-11-30');
    const verdicts = enheder.map((e, i) => ({ gap: DEMO_TILSYNSRAPPORT_GAP(i), r93: audit.get(e.unit_id)!.find((r) => r.enhedId === e.key)!.r93! }));
    const seeded = verdicts.filter((v) => v.gap === null);
    expect(seeded.length).toBeGreaterThan(verdicts.length * 0.7);
    for (const v of seeded) {
      expect(v.r93.verdict).toBe('ok');
      expect(v.r93.lastPublishedOn! > '2024-11-30' && v.r93.lastPublishedOn! <= '2026-11-30').toBe(true);
    }
    const gaps = verdicts.filter((v) => v.gap !== null);
    expect(gaps.map((v) => v.r93.verdict)).toEqual(gaps.map(() => 'fejl'));
    expect(gaps.filter((v) => v.gap === 'aldrig').every((v) => v.r93.lastPublishedOn === null)).toBe(true);
    expect(gaps.filter((v) => v.gap === 'for_gammel').every((v) => v.r93.lastPublishedOn! < '2024-11-30')).toBe(true);
    expect(gaps.some((v) => v.gap === 'aldrig') && gaps.some((v) => v.gap === 'for_gammel')).toBe(true);
    // Each publication completed the enhed's obligation and opened the next, due two years later (R93).
    const open = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM obligation WHERE kind = 'tilsynsrapport' AND state IN ('planned', 'scheduled', 'overdue') AND due_on > '2026-11-30'`);
    expect(open[0]!.n).toBeGreaterThanOrEqual(seeded.length);
  });
});
