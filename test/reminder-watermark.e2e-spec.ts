import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { Clock } from '../src/common/clock';
import { SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Issue 15: the idle pass finds overdue reminders from what changed since the
 * previous pass (a watermark), and every overdue obligation still gets its
 * reminder exactly once per recipient — across passes, across a restart of the
 * service, and when a write that was still running during a pass commits after it.
 */
describe('overdue reminders from a watermark (R71)', () => {
  let t: TestApp;
  const overdueReminders = () =>
    t.query<{ obligation_id: string; recipient_person_id: string; n: number }>(
      `SELECT obligation_id, recipient_person_id, count(*)::int AS n FROM reminder WHERE kind = 'overdue' GROUP BY 1, 2`,
    );
  /** Every overdue obligation with a responsible person, paired with whether it has its one reminder. */
  const missing = () =>
    t.query(
      `SELECT o.id FROM obligation o WHERE o.state = 'overdue' AND o.responsible_person_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.obligation_id = o.id AND r.recipient_person_id = o.responsible_person_id AND r.kind = 'overdue')`,
    );

  beforeAll(async () => {
    t = await createTestApp({ today: '2020-03-01' });
    const admin = (await t.person('admin@test.local')).auth;
    await seedOrganisation(t, admin);
    await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær']);
  });
  afterAll(() => t.close());

  it('R71: each overdue obligation is reminded exactly once across passes, and the watermark moves on', async () => {
    t.clock.setToday('2020-06-10');
    await t.app.get(SchedulerService).runPass();
    const first = await overdueReminders();
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((r) => r.n === 1)).toBe(true);
    expect(await missing()).toEqual([]);
    const [{ watermark }] = await t.query<{ watermark: Date | null }>(`SELECT reminders_watermark AS watermark FROM scheduler_state`);
    expect(watermark).not.toBeNull();

    // An idle pass: nothing new, nothing twice.
    await t.app.get(SchedulerService).runPass();
    expect(await overdueReminders()).toEqual(first);

    // Later: more becomes overdue; the new ones get theirs, the old ones no second.
    t.clock.setToday('2020-12-20');
    await t.app.get(SchedulerService).runPass();
    const later = await overdueReminders();
    expect(later.length).toBeGreaterThan(first.length);
    expect(later.every((r) => r.n === 1)).toBe(true);
    expect(await missing()).toEqual([]);
  });

  it('R71: a pass that dies before reminding and a restarted service still remind exactly once', async () => {
    t.clock.setToday('2021-02-01');
    // The pass dies after marking overdue: no reminder written, the watermark stays.
    await t.app.get(SchedulerService).runPass({ stopAfter: 'markOverdue' });
    expect((await missing()).length).toBeGreaterThan(0);
    // A second instance on the same database, as after a restart, runs the next pass.
    const restarted = await createApp({ databaseUrl: t.databaseUrl, clock: new Clock('2021-02-01'), scheduler: false, auth: { secret: 'x'.repeat(20) } });
    await restarted.init();
    try {
      await restarted.get(SchedulerService).runPass();
      await restarted.get(SchedulerService).runPass();
    } finally {
      await restarted.close();
    }
    await t.app.get(SchedulerService).runPass();
    expect(await missing()).toEqual([]);
    expect((await overdueReminders()).every((r) => r.n === 1)).toBe(true);
  });

  it('R71: a write still running during a pass, committed after it with an older stamp, is reminded by the next pass', async () => {
    const writer = new Client({ connectionString: t.databaseUrl }); // the service's own role, like another replica's request
    await writer.connect();
    try {
      const [target] = await t.query<{ id: string }>(
        `SELECT o.id FROM obligation o WHERE o.state IN ('planned', 'scheduled') AND o.responsible_person_id IS NOT NULL ORDER BY o.due_on LIMIT 1`,
      );
      await writer.query('BEGIN');
      // now() of this transaction is its start: the stamp is older than the pass that runs meanwhile.
      await writer.query(`UPDATE obligation SET state = 'overdue', updated_at = now() WHERE id = $1`, [target!.id]);
      await t.app.get(SchedulerService).runPass();
      await writer.query('COMMIT');
      expect(await t.query(`SELECT 1 FROM reminder WHERE obligation_id = $1 AND kind = 'overdue'`, [target!.id])).toEqual([]);
      await t.app.get(SchedulerService).runPass();
      expect(await t.query(`SELECT 1 FROM reminder WHERE obligation_id = $1 AND kind = 'overdue'`, [target!.id])).toHaveLength(1);
      await t.app.get(SchedulerService).runPass();
      expect(await t.query(`SELECT 1 FROM reminder WHERE obligation_id = $1 AND kind = 'overdue'`, [target!.id])).toHaveLength(1);
    } finally {
      await writer.end();
    }
  });

  it('R71: the idle pass asks the index of overdue obligations changed since the watermark, not every overdue row', async () => {
    const [{ watermark }] = await t.query<{ watermark: Date }>(`SELECT reminders_watermark AS watermark FROM scheduler_state`);
    const owner = new Client({ connectionString: t.migrationUrl });
    await owner.connect();
    let plan: string;
    try {
      // The test's tables are small enough to read whole; forbidding that shows the index can answer the question.
      await owner.query(`SET enable_seqscan = off`);
      const rows = await owner.query(`EXPLAIN SELECT o.id FROM obligation o WHERE o.state = 'overdue' AND o.updated_at >= $1::timestamptz`, [watermark]);
      plan = rows.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    } finally {
      await owner.end();
    }
    expect(plan).toMatch(/obligation_overdue_changed/);
  });
});
