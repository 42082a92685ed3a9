import { Client } from 'pg';
import { OBLIGATION_TRAIL_EVENTS } from '../workflows/audit/coverage';
import { OBLIGATION_STATES } from '../workflows/domain';
import { DemoHistory } from '../src/modules/demo/demo-history';
import { DemoService } from '../src/modules/demo/demo.service';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { createTestApp, type TestApp } from './support/test-app';
import { trailHeadDisagreements } from './support/trail-head';

/**
 * R81: obligation_trail_head, the coverage audit's index of each obligation's
 * latest obligation-state transition, is always what the trail itself says
 * (DISTINCT ON over the trail, the audit's definition before the index): after
 * the demo's history and a scheduler pass, after bulk and single inserts of
 * every obligation event, and after a rebuild (audit.e2e-spec checks it after
 * its fixture's completions, publications, cancellation, reopening and passed
 * deadlines through the API). The application cannot write it.
 */
describe('R81: the index of each obligation’s latest transition equals the audit trail', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-30' });
    await t.app.get(DemoService).load();
    await t.app.get(DemoHistory).load();
    await t.app.get(SchedulerService).runPass();
  }, 300000);
  afterAll(() => t.close());

  const disagreements = () => trailHeadDisagreements(t);

  it('R81: after the demo history and a scheduler pass, every obligation’s entry is its latest state transition', async () => {
    const [{ heads }] = await t.query<{ heads: number }>(`SELECT count(*)::int AS heads FROM obligation_trail_head`);
    expect(heads).toBeGreaterThan(50);
    expect(await disagreements()).toEqual([]);
  });

  it('R81: inserts of every obligation event, several in one statement and other events beside them, keep it equal', async () => {
    const obligations = await t.query<{ id: string }>(`SELECT id FROM obligation ORDER BY id LIMIT 4`);
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query('BEGIN');
      for (const [i, event] of OBLIGATION_TRAIL_EVENTS.entries()) {
        const state = OBLIGATION_STATES[i % OBLIGATION_STATES.length]!;
        // Two rows for the same obligation in one statement: the later one wins.
        await c.query(
          `INSERT INTO transition (obligation_id, event, to_state, reason) VALUES ($1, $2, 'planned', 'først'), ($1, $2, $3, 'sidst'), ($4, $2, $3, NULL)`,
          [obligations[0]!.id, event, state, obligations[1]!.id],
        );
      }
      // Not an obligation-state transition: no entry moves.
      await c.query(`INSERT INTO transition (obligation_id, event, to_state) VALUES ($1, 'REMINDER_SENT', 'planned'), ($1, 'REASSIGNED', 'overdue')`, [obligations[2]!.id]);
      await c.query(`INSERT INTO transition (obligation_id, event, to_state) VALUES ($1, 'COMPLETE', 'not-a-state')`, [obligations[3]!.id]);
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
    expect(await disagreements()).toEqual([]);
  });

  it('R81: the application role can read the index but not write it; the rebuild gives the same index', async () => {
    const before = await t.query(`SELECT * FROM obligation_trail_head ORDER BY obligation_id`);
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await expect(c.query(`UPDATE obligation_trail_head SET to_state = 'completed'`)).rejects.toThrow(/permission denied/);
      await expect(c.query(`DELETE FROM obligation_trail_head`)).rejects.toThrow(/permission denied/);
      await expect(c.query(`INSERT INTO obligation_trail_head VALUES (gen_random_uuid(), 1, 'completed')`)).rejects.toThrow(/permission denied/);
      const {
        rows: [{ written }],
      } = await c.query(`SELECT obligation_trail_head_rebuild()::int AS written`);
      expect(written).toBe(before.length);
    } finally {
      await c.end();
    }
    expect(await t.query(`SELECT * FROM obligation_trail_head ORDER BY obligation_id`)).toEqual(before);
    expect(await disagreements()).toEqual([]);
  });

  it('R81: the triggers’ lists of events and states are the statechart’s', async () => {
    for (const fn of ['obligation_trail_head_insert', 'obligation_trail_head_rebuild']) {
      const [{ def }] = await t.query<{ def: string }>(`SELECT pg_get_functiondef($1::regproc) AS def`, [fn]);
      const lists = [...def.matchAll(/ARRAY\[([^\]]*)\]/g)].map((m) => [...m[1]!.matchAll(/'([^']*)'/g)].map((x) => x[1]));
      expect(lists).toEqual([[...OBLIGATION_TRAIL_EVENTS], [...OBLIGATION_STATES]]);
    }
  });
});
