import { plainToInstance } from 'class-transformer';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditService, CoverageMemo, CoverageQuery, defaultCoveragePeriod } from '../src/modules/audit';
import type { CurrentUser } from '../src/modules/auth';
import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { StatutoryAudit } from '../src/modules/tilsyn';
import { ReferenceCoverage } from './support/coverage-reference';
import { createTestApp, TestApp } from './support/test-app';

/**
 * R80/R81 with the per-unit memo (issue 14): every audit equals a fresh computation (the pre-memo audit kept as
 * support/coverage-reference.ts, which memoises nothing) after each kind of change the memo must notice, made by
 * another connection between two audits; and the stamps (migration 1764990000000-UnitAuditStamp) move exactly when
 * and where they must.
 */
describe('R80/R81: the memoised coverage audit equals a fresh computation after every change', () => {
  let t: TestApp;
  let audit: AuditService;
  let memo: CoverageMemo;
  let reference: ReferenceCoverage;
  let adminUser: CurrentUser;
  let chefUser: CurrentUser;
  const COUNTRY = 'from=2024-01-01&to=2026-11-30&limit=500';
  const queryOf = (query: string): CoverageQuery => plainToInstance(CoverageQuery, Object.fromEntries(new URLSearchParams(query)));

  /** The memoised answer, checked against a fresh computation of the same snapshot's data. */
  const exact = async (user: CurrentUser, query = COUNTRY) => {
    const q = queryOf(query);
    const now = await audit.coverage(q, user);
    const fresh = await reference.coverage(q, user);
    expect(now).toEqual({ ...fresh, items: fresh.items.slice(q.offset, q.offset + q.limit) });
    return now;
  };

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-30' });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
    audit = t.app.get(AuditService);
    memo = t.app.get(CoverageMemo);
    reference = new ReferenceCoverage(t.app.get(DataSource), t.clock, t.app.get(StatutoryAudit));
    const [{ id }] = await t.query<{ id: string }>(`SELECT id FROM person WHERE email = 'admin@demo.local'`);
    adminUser = { personId: id, admin: true, name: 'admin' };
    const [c] = await t.query<{ id: string }>(
      `SELECT a.person_id AS id FROM assignment a JOIN person p ON p.id = a.person_id
       WHERE a.role = 'chef' AND a.valid_to IS NULL GROUP BY a.person_id, p.email ORDER BY count(*) DESC, p.email LIMIT 1`,
    );
    chefUser = { personId: c!.id, admin: false, name: 'chef' };
  }, 300000);
  afterAll(() => t.close());

  it('R80: a second audit with nothing changed comes from the memo, and equals the first', async () => {
    const first = await exact(adminUser);
    const before = memo.stats();
    const second = await audit.coverage(queryOf(COUNTRY), adminUser);
    const after = memo.stats();
    expect(second).toEqual(first);
    expect(after.hits - before.hits).toBe(first.total);
    expect(after.misses).toBe(before.misses);
  });

  it('R80: after the warm-up (the scheduler runs it after its pass) the page’s default period is judged from the memo, for an administrator and a chef alike, and equals a fresh computation', async () => {
    memo.clear();
    const prepared = await audit.warmCoverage();
    const { from, to } = defaultCoveragePeriod('2026-11-30');
    expect({ from, to }).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    const [{ units }] = await t.query<{ units: number }>(`SELECT count(*)::int AS units FROM unit`);
    expect(prepared).toBe(units);
    const before = memo.stats();
    const answer = await exact(adminUser, `from=${from}&to=${to}&limit=500`);
    const chefs = await exact(chefUser, `from=${from}&to=${to}&limit=500`);
    const after = memo.stats();
    expect(after.misses).toBe(before.misses);
    expect(after.hits - before.hits).toBe(answer.total + chefs.total);
    expect(chefs.total).toBeGreaterThan(0);
  });

  it('R81: confirming an obligation (a new COMPLETE transition on the trail) changes that unit, and only its entry is judged anew', async () => {
    const previous = await exact(adminUser);
    const [o] = await t.query<{ id: string; unit_id: string; loop_id: string }>(
      `SELECT id, unit_id, loop_id FROM obligation WHERE loop_id IS NOT NULL AND state = 'overdue' AND due_on BETWEEN '2024-01-01' AND '2026-11-29'
       ORDER BY due_on, id LIMIT 1`,
    );
    await t.query(
      `WITH done AS (UPDATE obligation SET state = 'completed', completed_on = '2026-11-30', version = version + 1 WHERE id = $1 RETURNING id, unit_id, loop_id)
       INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, payload)
       SELECT unit_id, id, loop_id, 'COMPLETE', 'overdue', 'completed', '{"heldOn":"2026-11-30"}' FROM done`,
      [o!.id],
    );
    const misses = memo.stats().misses;
    const now = await exact(adminUser);
    expect(memo.stats().misses - misses).toBe(1);
    expect(now.totals.completedLate).toBe(previous.totals.completedLate + 1);
    expect(now.totals.overdue).toBe(previous.totals.overdue - 1);
  });

  it('R81: waiving and cancelling obligations are seen by the next audit with their reasons', async () => {
    const previous = await exact(adminUser);
    const open = await t.query<{ id: string; state: string }>(
      `SELECT id, state FROM obligation WHERE loop_id IS NOT NULL AND state IN ('planned', 'overdue') AND due_on BETWEEN '2025-01-01' AND '2026-11-30'
       ORDER BY due_on DESC, id LIMIT 2`,
    );
    for (const [i, [event, state]] of ([['WAIVE', 'waived'], ['CANCEL', 'cancelled']] as const).entries()) {
      await t.query(
        `WITH x AS (UPDATE obligation SET state = $2, reason = $3, version = version + 1 WHERE id = $1 RETURNING id, unit_id, loop_id)
         INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, reason)
         SELECT unit_id, id, loop_id, $4, $5, $2, $3 FROM x`,
        [open[i]!.id, state, `memo-test ${state}`, event, open[i]!.state],
      );
    }
    const now = await exact(adminUser);
    expect(now.totals.cancelledWaived).toBe(previous.totals.cancelledWaived + 2);
  });

  it('R22: changing a quality report’s themes changes the judgement of every unit with a loop on it', async () => {
    const previous = await exact(adminUser);
    const [r] = await t.query<{ id: string }>(
      `SELECT l.quality_report_id AS id FROM learning_loop l JOIN obligation o ON o.loop_id = l.id
       WHERE o.kind = 'laeringssamtale' AND o.sequence = 1 AND o.state = 'completed' AND o.due_on BETWEEN '2024-01-01' AND '2026-11-30'
       GROUP BY l.quality_report_id ORDER BY count(*) DESC LIMIT 1`,
    );
    await t.query(`UPDATE quality_report SET themes = '["Et tema ingen fokusområder peger på"]'::jsonb WHERE id = $1`, [r!.id]);
    const now = await exact(adminUser);
    const r22 = (x: typeof now) => x.totals.rules.find((c) => c.rule === 'R22')!;
    expect(r22(now).failed).toBeGreaterThan(r22(previous).failed);
  });

  it('R28: changing a unit’s type to FU is judged by R28 at the next audit', async () => {
    const previous = await exact(adminUser);
    const [u] = await t.query<{ id: string }>(
      `SELECT u.id FROM unit u JOIN obligation o ON o.unit_id = u.id
       WHERE u.type = 'skole' AND o.kind = 'laeringssamtale' AND o.state = 'completed' AND o.due_on BETWEEN '2024-01-01' AND '2026-11-30'
       GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`,
    );
    await t.query(`UPDATE unit SET type = 'fu' WHERE id = $1`, [u!.id]);
    const now = await exact(adminUser);
    const r28 = (x: typeof now) => x.totals.rules.find((c) => c.rule === 'R28')!;
    expect(r28(now).notApplicable).toBe(r28(previous).notApplicable - 1);
  });

  it('R80: a new learning loop with an obligation due in the period is seen', async () => {
    const previous = await exact(adminUser);
    // A loop of a unit, and a report that unit has no loop on (one loop per unit and report).
    const [l] = await t.query<{ id: string; report: string }>(
      `SELECT l.id, r.id AS report FROM learning_loop l JOIN unit u ON u.id = l.unit_id
       JOIN quality_report r ON NOT EXISTS (SELECT 1 FROM learning_loop x WHERE x.unit_id = l.unit_id AND x.quality_report_id = r.id)
       WHERE u.valid_to IS NULL AND EXISTS (SELECT 1 FROM obligation o WHERE o.loop_id = l.id AND o.kind = 'ledelsesopfoelgning' AND o.subject_key = '')
       ORDER BY l.starts_on DESC, l.id, r.id LIMIT 1`,
    );
    // A copy of that loop's row on the other report and one of its obligations, under new ids, in one statement.
    await t.query(
      `WITH loop AS (
         INSERT INTO learning_loop SELECT (jsonb_populate_record(NULL::learning_loop, to_jsonb(l) || jsonb_build_object('id', gen_random_uuid(), 'quality_report_id', $2::uuid))).*
         FROM learning_loop l WHERE l.id = $1 RETURNING id, unit_id)
       INSERT INTO obligation SELECT (jsonb_populate_record(NULL::obligation, to_jsonb(o) || jsonb_build_object('id', gen_random_uuid(), 'loop_id', loop.id, 'due_on', '2026-06-01', 'sequence', 99, 'state', 'planned'))).*
       FROM obligation o, loop WHERE o.loop_id = $1 AND o.kind = 'ledelsesopfoelgning' AND o.subject_key = '' ORDER BY o.sequence LIMIT 1`,
      [l!.id, l!.report],
    );
    const now = await exact(adminUser);
    expect(now.totals.due).toBe(previous.totals.due + 1);
  });

  it('R3/R80: a change of a chef’s assignment changes the windows of the chef’s slice, with no stamp moved', async () => {
    const previous = await exact(chefUser);
    const stamps = await t.query(`SELECT unit_id, stamp FROM unit_audit_stamp ORDER BY unit_id`);
    const [a] = await t.query<{ id: string }>(
      `SELECT a.id FROM assignment a WHERE a.role = 'chef' AND a.person_id = $1 AND a.valid_to IS NULL AND a.valid_from < '2025-06-01' ORDER BY a.valid_from, a.id LIMIT 1`,
      [chefUser.personId],
    );
    await t.query(`UPDATE assignment SET valid_to = '2025-06-01' WHERE id = $1`, [a!.id]);
    expect(await t.query(`SELECT unit_id, stamp FROM unit_audit_stamp ORDER BY unit_id`)).toEqual(stamps);
    const now = await exact(chefUser);
    expect(now).not.toEqual(previous);
  });

  it('R80: changing today is seen (overdue as of the new day)', async () => {
    const previous = await exact(adminUser, 'from=2024-01-01&to=2027-12-31&limit=500');
    t.clock.setToday('2027-06-30');
    try {
      const now = await exact(adminUser, 'from=2024-01-01&to=2027-12-31&limit=500');
      expect(now.totals.overdue).toBeGreaterThan(previous.totals.overdue);
    } finally {
      t.clock.setToday('2026-11-30');
    }
  });

  it('R81: a rolled-back change does not change what the next audit says', async () => {
    const previous = await exact(adminUser);
    const other = new Client({ connectionString: t.migrationUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE obligation SET state = 'waived' WHERE loop_id IS NOT NULL AND due_on BETWEEN '2024-01-01' AND '2026-11-30'`);
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    expect(await exact(adminUser)).toEqual(previous);
  });
});

describe('R81: unit_audit_stamp moves with every change the audit judges, once per unit and statement', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-30' });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
  }, 300000);
  afterAll(() => t.close());

  const stamps = async () => new Map((await t.query<{ unit_id: string; stamp: string }>(`SELECT unit_id, stamp FROM unit_audit_stamp`)).map((r) => [r.unit_id, r.stamp]));
  const sequence = async () => Number((await t.query<{ v: string }>(`SELECT last_value AS v FROM unit_audit_stamp_seq`))[0]!.v);

  it('every unit has a stamp; a new unit gets one', async () => {
    const [{ missing }] = await t.query<{ missing: number }>(`SELECT count(*)::int AS missing FROM unit u WHERE NOT EXISTS (SELECT 1 FROM unit_audit_stamp s WHERE s.unit_id = u.id)`);
    expect(missing).toBe(0);
    const [u] = await t.query<{ id: string }>(
      `INSERT INTO unit SELECT (jsonb_populate_record(NULL::unit, to_jsonb(u) || jsonb_build_object('id', gen_random_uuid(), 'code', 'MEMO-1'))).* FROM unit u ORDER BY code LIMIT 1 RETURNING id`,
    );
    expect((await stamps()).has(u!.id)).toBe(true);
  });

  it('one statement updating many obligations of many units bumps each of those units once, and no other', async () => {
    const units = (await t.query<{ unit_id: string }>(`SELECT DISTINCT unit_id FROM obligation WHERE loop_id IS NOT NULL ORDER BY unit_id LIMIT 3`)).map((r) => r.unit_id);
    const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM obligation WHERE unit_id = ANY($1)`, [units]);
    expect(n).toBeGreaterThan(units.length);
    const before = await stamps();
    const seqBefore = await sequence();
    await t.query(`UPDATE obligation SET due_on = due_on + 1 WHERE unit_id = ANY($1)`, [units]);
    const after = await stamps();
    expect((await sequence()) - seqBefore).toBe(units.length);
    for (const [unit, stamp] of after) {
      if (units.includes(unit)) expect(Number(stamp)).toBeGreaterThan(seqBefore);
      else expect(stamp).toBe(before.get(unit));
    }
  });

  it('a change the audit does not read (who is responsible, updated_at) moves no stamp', async () => {
    const before = await stamps();
    await t.query(`UPDATE obligation SET updated_at = now() WHERE loop_id IS NOT NULL`);
    expect(await stamps()).toEqual(before);
  });

  it('a transition (through the trail head), a loop, a report’s themes and a unit’s type each bump their units', async () => {
    const [o] = await t.query<{ id: string; unit_id: string; loop_id: string; quality_report_id: string }>(
      `SELECT o.id, o.unit_id, o.loop_id, l.quality_report_id FROM obligation o JOIN learning_loop l ON l.id = o.loop_id WHERE o.state = 'planned' ORDER BY o.id LIMIT 1`,
    );
    const bumped = async (change: () => Promise<unknown>, unit: string) => {
      const before = (await stamps()).get(unit);
      await change();
      expect((await stamps()).get(unit)).not.toBe(before);
    };
    await bumped(() => t.query(`INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state) VALUES ($1, $2, $3, 'SCHEDULE', 'planned', 'scheduled')`, [o!.unit_id, o!.id, o!.loop_id]), o!.unit_id);
    await bumped(() => t.query(`UPDATE learning_loop SET ended_on = ended_on WHERE id = $1`, [o!.loop_id]), o!.unit_id);
    await bumped(() => t.query(`UPDATE quality_report SET themes = themes || '["Nyt tema"]'::jsonb WHERE id = $1`, [o!.quality_report_id]), o!.unit_id);
    await bumped(() => t.query(`UPDATE unit SET type = CASE WHEN type = 'skole' THEN 'fu'::text ELSE 'skole' END WHERE id = $1`, [o!.unit_id]), o!.unit_id);
    // A report's other columns do not bump.
    const before = await stamps();
    await t.query(`UPDATE quality_report SET themes = themes WHERE id = $1`, [o!.quality_report_id]);
    expect(await stamps()).toEqual(before);
  });

  it('a rolled-back change leaves every stamp as it was', async () => {
    const before = await stamps();
    const other = new Client({ connectionString: t.migrationUrl });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE obligation SET state = 'waived' WHERE loop_id IS NOT NULL`);
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    expect(await stamps()).toEqual(before);
  });

  it('the application role may read the stamps but not write them', async () => {
    const app = new Client({ connectionString: t.databaseUrl });
    await app.connect();
    try {
      await app.query(`SELECT count(*) FROM unit_audit_stamp`);
      await expect(app.query(`UPDATE unit_audit_stamp SET stamp = 0`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`SELECT unit_audit_stamp_bump(ARRAY[]::uuid[])`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });
});
