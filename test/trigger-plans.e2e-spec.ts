import { Client } from 'pg';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The audit triggers' plans do not depend on the first statement a session
 * ran (migration 1765000100000-TriggerJoinPlans; the chain head's own,
 * 1765000000000-ChainHeadByIndex, is tested in trail-chain.e2e-spec.ts), and
 * the scheduler refreshes the statistics after a bulk step
 * (1765000200000-StatisticsAfterBulkWrites). PL/pgSQL keeps each query's plan for the
 * session, so a plan that suits a one-row statement was reused for a
 * national pass's 129,000 rows: a scan per row, quadratic. Each test runs a
 * small statement first in a fresh session, then a larger one, and reads the
 * plan the larger one's trigger used (auto_explain, sent to this client as
 * notices).
 */
describe('R81, issue 14: audit trigger plans are fit for a statement of any size', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-30' });
    await t.app.get(DemoService).load();
    await t.app.get(SchedulerService).runPass();
  }, 300000);
  afterAll(() => t.close());

  /** Runs `first`, then `second` in a transaction that is rolled back; the plans of `second`'s nested statements. */
  async function plansOfSecond(first: string, second: string, setup: string[] = []): Promise<string[]> {
    const c = new Client({ connectionString: t.superuserUrl });
    const plans: string[] = [];
    let collecting = false;
    c.on('notice', (notice) => {
      if (collecting && /plan:/.test(notice.message ?? '')) plans.push(notice.message!);
    });
    await c.connect();
    try {
      for (const sql of ["LOAD 'auto_explain'", 'SET auto_explain.log_min_duration = 0', 'SET auto_explain.log_nested_statements = on', "SET auto_explain.log_level = 'notice'"]) {
        await c.query(sql);
      }
      await c.query('BEGIN');
      for (const sql of setup) await c.query(sql);
      await c.query(first);
      collecting = true;
      await c.query(second);
      collecting = false;
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
    return plans;
  }

  /** The plans whose query text contains `text` (a trigger's join; one per trigger that ran it), all in one text. */
  function planReading(plans: string[], text: string): string {
    const matching = plans.filter((p) => p.includes(text));
    expect(matching.length).toBeGreaterThan(0);
    return matching.join('\n');
  }

  it('R81: the coverage stamp joins an obligation update’s old and new rows by hash after a one-row update', async () => {
    const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM obligation`);
    expect(n).toBeGreaterThan(100);
    const plans = await plansOfSecond(
      `UPDATE obligation SET due_on = due_on + 1 WHERE id = (SELECT min(id::text)::uuid FROM obligation)`,
      `UPDATE obligation SET due_on = due_on + 1`,
    );
    // The old and new rows meet in a hash (the nested loop left over is LATERAL VALUES: two rows per changed row).
    expect(planReading(plans, 'JOIN old_rows')).toMatch(/Hash Join[^\n]*\n\s*Hash Cond: \(n\.id = o\.id\)/);
    // The bump itself still finds one unit's stamp by its key, also after a statement that bumped every unit.
    const small = await plansOfSecond(`UPDATE obligation SET due_on = due_on + 1`, `UPDATE obligation SET due_on = due_on + 1 WHERE id = (SELECT min(id::text)::uuid FROM obligation)`);
    expect(planReading(small, 'UPDATE unit_audit_stamp s')).toMatch(/Index Scan using unit_audit_stamp_pkey on unit_audit_stamp s/);
  });

  it('R81: a unit update’s stamp and the bulk organisation trail join old and new rows by hash after a one-row update', async () => {
    const stamp = await plansOfSecond(`UPDATE unit SET type = type WHERE id = (SELECT min(id::text)::uuid FROM unit)`, `UPDATE unit SET type = type`);
    expect(planReading(stamp, 'n.type IS DISTINCT FROM o.type')).not.toMatch(/Nested Loop/);
    const bulk = await plansOfSecond(
      `UPDATE person SET name = name || ' ' WHERE id = (SELECT min(id::text)::uuid FROM person)`,
      `UPDATE person SET name = name || ' '`,
      [`SELECT set_config('kvalitetsloop.trail_bulk', 'on', true)`],
    );
    const join = planReading(bulk, 'JOIN (SELECT o.id');
    expect(join).toMatch(/Hash Join/);
    expect(join).not.toMatch(/Nested Loop/);
  });

  it('R81: the trail head’s stamp finds a statement’s obligations by key after a statement of every obligation', async () => {
    const plans = await plansOfSecond(
      `INSERT INTO transition (obligation_id, event, to_state) SELECT id, 'SCHEDULE', 'scheduled' FROM obligation`,
      `INSERT INTO transition (obligation_id, event, to_state) SELECT id, 'SCHEDULE', 'scheduled' FROM obligation ORDER BY id LIMIT 1`,
    );
    const join = planReading(plans, 'FROM new_rows h JOIN obligation ob');
    expect(join).toMatch(/Index Scan using obligation_pkey/);
    expect(join).not.toMatch(/Seq Scan on obligation/);
  });

  it('R81: a scheduler step that wrote many rows refreshes the statistics at once; a step that wrote a few does not', async () => {
    const analyses = async () =>
      (await t.query<{ n: number }>(`SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE relname = 'obligation'`))[0]!.n;
    const [{ known }] = await t.query<{ known: number }>(`SELECT greatest(reltuples, 0)::int AS known FROM pg_class WHERE relname = 'obligation'`);
    const before = await analyses();
    const many = Math.ceil(50 + 0.1 * known) + 1;
    const [{ analysed }] = await t.query<{ analysed: boolean }>(`SELECT analyze_after_bulk_write($1) AS analysed`, [many]);
    expect(analysed).toBe(true);
    expect(await analyses()).toBe(before + 1);
    // The statistics now know every obligation (a table this small is read whole) ...
    const [{ counted, now }] = await t.query<{ counted: number; now: number }>(
      `SELECT (SELECT count(*)::int FROM obligation) AS counted, (SELECT reltuples::int FROM pg_class WHERE relname = 'obligation') AS now`,
    );
    expect(now).toBe(counted);
    // ... and a step that wrote exactly autovacuum's threshold of them does not analyse again.
    const [{ again }] = await t.query<{ again: boolean }>(`SELECT analyze_after_bulk_write($1) AS again`, [Math.floor(50 + 0.1 * counted)]);
    expect(again).toBe(false);
    expect(await analyses()).toBe(before + 1);
  });

  it('R81: only the application role may ask for the analysis; PUBLIC may not', async () => {
    const [{ app, anyone }] = await t.query<{ app: boolean; anyone: boolean }>(
      `SELECT has_function_privilege(current_user, 'analyze_after_bulk_write(bigint)', 'EXECUTE') AS app,
              has_function_privilege('public', 'analyze_after_bulk_write(bigint)', 'EXECUTE') AS anyone`,
    );
    expect({ app, anyone }).toEqual({ app: true, anyone: false });
  });

  it('R81: the first pass over a fresh organisation analyses the obligations between its steps, a pass with nothing to do does not', async () => {
    const fresh = await createTestApp({ today: '2026-11-30' });
    try {
      await fresh.app.get(DemoService).load();
      const analyses = async () =>
        (await fresh.query<{ n: number }>(`SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE relname = 'obligation'`))[0]!.n;
      const before = await analyses();
      const [{ known }] = await fresh.query<{ known: number }>(`SELECT greatest(reltuples, 0)::int AS known FROM pg_class WHERE relname = 'obligation'`);
      const first = await fresh.app.get(SchedulerService).runPass();
      // The demo's first pass generates its statutory visits and reports: more than autovacuum's 50 + 10 % at the first step.
      expect(first.steps.tilsynCycles).toBeGreaterThan(50 + 0.1 * known);
      const afterFirst = await analyses();
      expect(afterFirst).toBeGreaterThan(before);
      const idle = await fresh.app.get(SchedulerService).runPass();
      expect(Object.values(idle.steps).every((n) => n <= 50)).toBe(true);
      expect(await analyses()).toBe(afterFirst);
    } finally {
      await fresh.close();
    }
  }, 300000);
});
