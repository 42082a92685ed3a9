import { Client } from 'pg';
import { SCHEDULER_LOCK, SchedulerService } from '../src/modules/scheduler/scheduler.service';
import { idOf, seedOrganisation, treatReport } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** What a pass leaves behind, by natural keys (ids differ between databases). */
async function stateOf(t: TestApp) {
  const obligations = await t.query(
    `SELECT u.code, o.kind, o.sequence, coalesce(p.email, CASE WHEN o.subject_key = o.unit_id::text THEN 'enheden selv' ELSE o.subject_key END) AS subject, o.state, o.opens_on::text, o.due_on::text,
            rp.email AS responsible, cp.email AS chef
     FROM obligation o JOIN unit u ON u.id = o.unit_id
     LEFT JOIN person p ON p.id::text = o.subject_key
     LEFT JOIN person rp ON rp.id = o.responsible_person_id
     LEFT JOIN person cp ON cp.id = o.chef_person_id
     ORDER BY 1, 2, 3, 4`,
  );
  const reminders = await t.query(
    `SELECT u.code, o.kind, o.sequence, coalesce(sp.email, o.subject_key) AS subject, p.email, r.kind AS reminder
     FROM reminder r JOIN obligation o ON o.id = r.obligation_id JOIN unit u ON u.id = o.unit_id JOIN person p ON p.id = r.recipient_person_id
     LEFT JOIN person sp ON sp.id::text = o.subject_key
     ORDER BY 1, 2, 3, 4, 5, 6`,
  );
  const loops = await t.query(`SELECT u.code, l.state FROM learning_loop l JOIN unit u ON u.id = l.unit_id ORDER BY 1, 2`);
  return { obligations, reminders, loops };
}

async function prepared(today: string): Promise<{ t: TestApp; scheduler: SchedulerService; admin: string }> {
  const t = await createTestApp({ today: '2020-03-01' });
  const admin = (await t.person('admin@test.local')).auth;
  await seedOrganisation(t, admin);
  await treatReport(t, admin, '6-18', 2020, '2020-03-25', ['Fravær']);
  t.clock.setToday(today);
  return { t, scheduler: t.app.get(SchedulerService), admin };
}

describe('the scheduler (R70–R72)', () => {
  let t: TestApp;
  let scheduler: SchedulerService;
  let admin: string;

  beforeAll(async () => ({ t, scheduler, admin } = await prepared('2020-06-04')));
  afterAll(() => t.close());

  it('R71/R72: marks what is past its due date overdue (the due date itself is still on time), with an audit row each', async () => {
    t.clock.setToday('2020-06-03');
    await scheduler.runPass();
    const [samtale1] = await t.query<{ state: string }>(`SELECT o.state FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = 'SK-1' AND o.kind = 'laeringssamtale' AND o.sequence = 1`);
    expect(samtale1!.state).toBe('planned');
    t.clock.setToday('2020-06-04');
    const report = await scheduler.runPass();
    expect(report.steps.markOverdue).toBeGreaterThan(0);
    const [after] = await t.query<{ state: string; id: string }>(`SELECT o.id, o.state FROM obligation o JOIN unit u ON u.id = o.unit_id WHERE u.code = 'SK-1' AND o.kind = 'laeringssamtale' AND o.sequence = 1`);
    expect(after!.state).toBe('overdue');
    const trail = await t.query(`SELECT from_state, to_state, actor_person_id FROM transition WHERE obligation_id = $1`, [after!.id]);
    expect(trail).toEqual([{ from_state: 'planned', to_state: 'overdue', actor_person_id: null }]);
  });

  it('writes reminders 14 days before, the day before and when overdue, at most once each per obligation and recipient', async () => {
    const chef = await idOf(t, 'person', 'chef.vest@test.dk');
    const kinds = async () =>
      (await t.query<{ kind: string }>(
        `SELECT r.kind FROM reminder r JOIN obligation o ON o.id = r.obligation_id JOIN unit u ON u.id = o.unit_id
         WHERE u.code = 'SK-1' AND o.kind = 'laeringssamtale' AND o.sequence = 2 AND r.recipient_person_id = $1 ORDER BY r.kind`, [chef])).map((r) => r.kind);
    t.clock.setToday('2020-11-30'); // samtale 2 is due 2020-12-15: nothing yet
    await scheduler.runPass();
    expect(await kinds()).toEqual([]);
    t.clock.setToday('2020-12-01');
    await scheduler.runPass();
    await scheduler.runPass();
    expect(await kinds()).toEqual(['before_due_14']);
    t.clock.setToday('2020-12-14');
    await scheduler.runPass();
    expect(await kinds()).toEqual(['before_due_1', 'before_due_14']);
    t.clock.setToday('2020-12-16');
    await scheduler.runPass();
    await scheduler.runPass();
    expect(await kinds()).toEqual(['before_due_1', 'before_due_14', 'overdue']);
    // Obligations of the administration (datapakker) remind every administrator.
    const adminId = (await t.query<{ id: string }>(`SELECT id FROM person WHERE admin`))[0]!.id;
    expect(await t.query(`SELECT 1 FROM reminder r JOIN obligation o ON o.id = r.obligation_id WHERE o.kind = 'datapakke' AND r.recipient_person_id = $1 LIMIT 1`, [adminId])).toHaveLength(1);
  });

  it('R3: after a change of chef the open obligations due after it name the new chef at once; completed history keeps the old', async () => {
    const sk = await idOf(t, 'unit', 'SK-1');
    const newChef = await t.query<{ id: string }>(`INSERT INTO person (name, email) VALUES ('Ny Chef', 'ny.chef@test.dk') RETURNING id`);
    await t.as(admin).post('/api/v1/assignments').send({ unitId: sk, personId: newChef[0]!.id, role: 'chef', validFrom: '2021-01-01' }).expect(201);
    // No scheduler pass needed: the change of chef re-resolves the unit's obligations in the same transaction.
    const chefs = await t.query<{ due_on: string; email: string }>(
      `SELECT o.due_on::text, p.email FROM obligation o JOIN person p ON p.id = o.chef_person_id
       WHERE o.unit_id = $1 AND o.kind = 'laeringssamtale' ORDER BY o.sequence`, [sk]);
    expect(chefs.map((c) => c.email)).toEqual(['chef.vest@test.dk', 'chef.vest@test.dk', 'ny.chef@test.dk', 'ny.chef@test.dk']);
  });

  it('R51: a next-layer leader who leaves loses the follow-ups due after; one who returns gets those of the new period', async () => {
    const sk = await idOf(t, 'unit', 'SK-1');
    const pl = await idOf(t, 'person', 'pl.sk1@test.dk');
    const [assignment] = await t.query<{ id: string }>(`SELECT id FROM assignment WHERE person_id = $1 AND role = 'subLeader'`, [pl]);
    await t.as(admin).post(`/api/v1/assignments/${assignment!.id}/close`).send({ date: '2021-01-15' }).expect(200);
    const states = async () =>
      t.query<{ due_on: string; state: string; reason: string | null }>(
        `SELECT due_on::text, state, reason FROM obligation WHERE unit_id = $1 AND kind = 'ledelsesopfoelgning' AND subject_key = $2 ORDER BY due_on`, [sk, pl]);
    const afterLeaving = await states();
    expect(afterLeaving.filter((o) => o.due_on > '2021-01-15').every((o) => o.state === 'cancelled' && /ikke længere/.test(o.reason ?? ''))).toBe(true);
    expect(afterLeaving.filter((o) => o.due_on <= '2021-01-15').every((o) => o.state !== 'cancelled')).toBe(true);
    await t.as(admin).post('/api/v1/assignments').send({ unitId: sk, personId: pl, role: 'subLeader', validFrom: '2021-09-01' }).expect(201);
    await scheduler.runPass();
    const afterReturning = await states();
    expect(afterReturning.filter((o) => o.due_on >= '2021-09-01' && o.state === 'planned').length).toBeGreaterThan(0);
    expect(afterReturning.filter((o) => o.due_on > '2021-01-15' && o.due_on < '2021-09-01').every((o) => o.state === 'cancelled')).toBe(true);
  });

  it('a unit that closes mid-loop has its open obligations cancelled with reason "enheden er lukket"; its loop ends', async () => {
    const fu = await idOf(t, 'unit', 'FU-1');
    await t.as(admin).post(`/api/v1/units/${fu}/close`).send({ date: '2021-01-31' }).expect(200);
    t.clock.setToday('2021-02-01');
    await scheduler.runPass();
    const left = await t.query<{ state: string; reason: string | null; n: number }>(
      `SELECT state, reason, count(*)::int AS n FROM obligation WHERE unit_id = $1 AND due_on > '2021-01-31' GROUP BY 1, 2`, [fu]);
    expect(left).toEqual([{ state: 'cancelled', reason: 'enheden er lukket', n: expect.any(Number) }]);
    const [loop] = await t.query<{ state: string }>(`SELECT state FROM learning_loop WHERE unit_id = $1`, [fu]);
    expect(loop!.state).toBe('lukket');
  });

  it('a unit that opens mid-loop joins the current loop of its age area, starts at the next samtale and can confirm it', async () => {
    const created = await t.as(admin).post('/api/v1/units').send({ code: 'SK-NY', name: 'Nye Skole', type: 'skole', validFrom: '2021-03-01' }).expect(201);
    t.clock.setToday('2021-03-01');
    await scheduler.runPass();
    const rows = await t.query<{ kind: string; sequence: number; opens_on: string; due_on: string }>(
      `SELECT kind, sequence, opens_on::text, due_on::text FROM obligation WHERE unit_id = $1 AND kind IN ('laeringssamtale', 'datapakke') ORDER BY kind, sequence`,
      [created.body.id],
    );
    expect(rows.map((r) => `${r.kind} ${r.sequence}`)).toEqual(['datapakke 3', 'datapakke 4', 'laeringssamtale 3', 'laeringssamtale 4']);
    // The round's datapakke was due before the unit existed: it is due on the unit's first day instead.
    expect(rows[0]).toMatchObject({ opens_on: '2021-03-01', due_on: '2021-03-01' });
    const [loop] = await t.query<{ state: string }>(`SELECT state FROM learning_loop WHERE unit_id = $1`, [created.body.id]);
    expect(loop!.state).toBe('runde3');
    t.clock.setToday('2021-04-20');
    await t.as(admin).post('/api/v1/datapakker/publish').send({ unitId: created.body.id }).expect(200);
    const [samtale3] = await t.query<{ id: string }>(`SELECT id FROM obligation WHERE unit_id = $1 AND kind = 'laeringssamtale' AND sequence = 3`, [created.body.id]);
    await t.as(admin).post(`/api/v1/obligations/${samtale3!.id}/complete`).send({
      heldOn: '2021-04-20', // R41: not before the datapakke's publication that same day
      participants: [{ role: 'chef', name: 'Chef' }, { role: 'leder', name: 'Leder' }, { role: 'bestyrelsesrepraesentant', name: 'Bestyrelse' }],
      agreements: ['Første aftale'],
      dataInputs: ['A'],
    }).expect(200);
  });
});

describe('scheduler passes running together or interrupted', () => {
  it('two passes started at the same moment: one runs, no duplicate obligation or reminder', async () => {
    const { t } = await prepared('2020-06-10');
    try {
      // Two application instances on the same database, like two replicas.
      const { createApp } = await import('../src/app.factory');
      const { Clock } = await import('../src/common/clock');
      const other = await createApp({ databaseUrl: t.databaseUrl, clock: new Clock('2020-06-10'), scheduler: false, auth: { secret: 'x'.repeat(20) } });
      await other.init();
      // The loops' obligations, generated before; the statutory ones (R74) are written by the passes below, and the duplicate check covers them.
      const [{ n: generatedOnce }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM obligation WHERE loop_id IS NOT NULL`);
      await t.query(`UPDATE learning_loop SET planned_at = NULL`);
      const reports = await Promise.all([t.app.get(SchedulerService).runPass(), other.get(SchedulerService).runPass(), t.app.get(SchedulerService).runPass()]);
      await other.close();
      expect(reports.some((r) => r.ran)).toBe(true);
      // R70's key: per loop, and for statutory obligations (R74, no loop) per unit and enhed.
      const dupObligations = await t.query(`SELECT loop_id, CASE WHEN loop_id IS NULL THEN unit_id END AS unit_id, enhed_id, kind, sequence, subject_key FROM obligation GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1`);
      const dupReminders = await t.query(`SELECT obligation_id, recipient_person_id, kind FROM reminder GROUP BY 1, 2, 3 HAVING count(*) > 1`);
      expect(dupObligations).toEqual([]);
      expect(dupReminders).toEqual([]);
      // Everything the passes were due to write is there once: as many obligations as a single pass writes.
      const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM obligation WHERE loop_id IS NOT NULL`);
      expect(n).toBe(generatedOnce);
      expect((await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM reminder`))[0]!.n).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('a pass does nothing while another holds the advisory lock (one replica runs it)', async () => {
    const { t, scheduler } = await prepared('2020-06-10');
    const other = new Client({ connectionString: t.databaseUrl });
    try {
      await other.connect();
      await other.query(`SELECT pg_advisory_lock($1)`, [SCHEDULER_LOCK]);
      const skipped = await scheduler.runPass();
      expect(skipped).toMatchObject({ ran: false, steps: {} });
      expect(await t.query(`SELECT 1 FROM obligation WHERE state = 'overdue'`)).toEqual([]);
      await other.query(`SELECT pg_advisory_unlock($1)`, [SCHEDULER_LOCK]);
      expect((await scheduler.runPass()).ran).toBe(true);
      expect((await t.query(`SELECT 1 FROM obligation WHERE state = 'overdue'`)).length).toBeGreaterThan(0);
    } finally {
      await other.end();
      await t.close();
    }
  });

  it('a pass killed halfway and run again ends in the same state as one uninterrupted pass', async () => {
    const interrupted = await prepared('2020-12-20');
    const whole = await prepared('2020-12-20');
    try {
      // Changes for the pass to pick up: a next-layer leader registered mid-loop.
      for (const run of [interrupted, whole]) {
        const sk = await idOf(run.t, 'unit', 'SK-1');
        const [p] = await run.t.query<{ id: string }>(`INSERT INTO person (name, email) VALUES ('Ny PL', 'ny.pl@test.dk') RETURNING id`);
        await run.t.query(`INSERT INTO assignment (unit_id, person_id, role, valid_from) VALUES ($1, $2, 'subLeader', '2020-09-01')`, [sk, p!.id]);
      }
      await interrupted.scheduler.runPass({ stopAfter: 'generate' });
      await interrupted.scheduler.runPass();
      await whole.scheduler.runPass();
      const a = await stateOf(interrupted.t);
      const b = await stateOf(whole.t);
      expect(a.obligations.length).toBeGreaterThan(50);
      expect(a.reminders.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
      // And a further pass changes nothing.
      await interrupted.scheduler.runPass();
      expect(await stateOf(interrupted.t)).toEqual(a);
    } finally {
      await interrupted.t.close();
      await whole.t.close();
    }
  });
});
