import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { addDays } from '../../../workflows/calendar/local-date';
import type { LocalDate } from '../../../workflows/domain';
import { LEARNING_LOOP_SNAPSHOTS } from '../../../workflows/learning-loop/learning-loop.machine';
import { OBLIGATION_SNAPSHOTS, obligationSourcesOf } from '../../../workflows/obligation/obligation.machine';
import { RAMME_VERSIONS, rammeInForce } from '../../../workflows/ramme';
import { Clock } from '../../common/clock';
import { LearningLoopsService } from '../learning-loops';
import { ObligationGenerator, ObligationsService, reminderRecipients } from '../obligations';
import { refreshResponsibles } from '../responsibles';
import { StatutoryScheduler, TilsynService } from '../tilsyn';

/** Any 64-bit number unique to this lock; "KVLOOP" in ASCII. */
export const SCHEDULER_LOCK = 0x4b564c4f4f50;

export interface PassReport {
  ran: boolean;
  today: LocalDate;
  steps: Record<string, number>;
}

export type PassStep = 'closeUnits' | 'joinUnits' | 'generate' | 'tilsynCycles' | 'statutory' | 'refreshResponsibles' | 'markOverdue' | 'remind';
export const PASS_STEPS: readonly PassStep[] = ['closeUnits', 'joinUnits', 'generate', 'tilsynCycles', 'statutory', 'refreshResponsibles', 'markOverdue', 'remind'];

/**
 * One scheduler pass: everything due to exist is generated, everything past
 * due is marked overdue, reminders go to the outbox. Each step is one
 * idempotent, set-based statement in its own transaction, so a pass that is
 * interrupted and run again ends in the same state, and a pass after downtime
 * catches up on all it missed. A session advisory lock makes exactly one
 * replica run a pass at a time; the others return at once.
 */
@Injectable()
export class SchedulerService {
  private readonly logger = new Logger('Scheduler');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly loops: LearningLoopsService,
    private readonly generator: ObligationGenerator,
    private readonly obligations: ObligationsService,
    private readonly tilsyn: TilsynService,
    private readonly statutory: StatutoryScheduler,
  ) {}

  /** `stopAfter` exists for the crash test: the pass ends after that step as if killed. */
  async runPass(options: { stopAfter?: PassStep } = {}): Promise<PassReport> {
    const today = this.clock.today();
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [SCHEDULER_LOCK]);
      if (!locked) return { ran: false, today, steps: {} };
      try {
        const steps: Record<string, number> = {};
        for (const step of PASS_STEPS) {
          steps[step] = await this.runStep(step, today);
          // A step that wrote many rows (a first pass over an import) leaves the statistics of an emptier table: the next
          // steps would be planned for that one (migration 1765000200000-StatisticsAfterBulkWrites).
          if (steps[step] > 50) await this.db.query(`SELECT analyze_after_bulk_write($1)`, [steps[step]]);
          if (options.stopAfter === step) break;
        }
        this.logger.log(`Planlægningskørsel for ${today}: ${JSON.stringify(steps)}`);
        return { ran: true, today, steps };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [SCHEDULER_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private runStep(step: PassStep, today: LocalDate): Promise<number> {
    return this.db.transaction(async (em) => {
      switch (step) {
        case 'closeUnits':
          return this.closeUnits(em, today);
        case 'joinUnits':
          return this.loops.joinNewUnits(em, today);
        case 'generate':
          // R63: a received board report without its review (bulk-recorded, or from before R63) gets one.
          return (await this.generator.generate(em)) + (await this.obligations.startMissingBoardReviews(em));
        case 'tilsynCycles':
          // R74/R90: the statutory cycle's visits per enhed, apart from any loop.
          return this.tilsyn.generateCycleVisits(em, today);
        case 'statutory':
          // R74: the tilsynsrapport per enhed (R93) and the skoleudviklingssamtale per school year (R94), beside the loops.
          return this.statutory.generate(em, today);
        case 'refreshResponsibles':
          return this.refreshResponsibles(em, today);
        case 'markOverdue':
          return this.markOverdue(em, today);
        case 'remind':
          return this.remind(em, today);
      }
    });
  }

  /** A closed unit's open obligations due after it closed are cancelled ("enheden er lukket"); its loop ends. */
  private async closeUnits(em: EntityManager, today: LocalDate): Promise<number> {
    const [{ n }] = await em.query(
      `WITH doomed AS (
         SELECT o.id, o.unit_id, o.loop_id, o.state FROM obligation o JOIN unit u ON u.id = o.unit_id
         WHERE u.valid_to IS NOT NULL AND u.valid_to < $1 AND o.due_on > u.valid_to
           AND o.state IN ('planned', 'scheduled', 'overdue')
         FOR UPDATE OF o),
       cancelled AS (
         UPDATE obligation o SET state = 'cancelled', snapshot = $2::jsonb, reason = 'enheden er lukket', version = o.version + 1, updated_at = now()
         FROM doomed WHERE o.id = doomed.id
         RETURNING o.id, o.unit_id, o.loop_id, doomed.state AS from_state),
       audited AS (
         INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state, reason)
         SELECT unit_id, id, loop_id, 'CANCEL', from_state, 'cancelled', 'enheden er lukket' FROM cancelled)
       SELECT count(*)::int AS n FROM cancelled`,
      [today, JSON.stringify(OBLIGATION_SNAPSHOTS.cancelled)],
    );
    await em.query(
      `WITH ending AS (
         SELECT l.id, l.unit_id, l.state, u.valid_to FROM learning_loop l JOIN unit u ON u.id = l.unit_id
         WHERE u.valid_to IS NOT NULL AND u.valid_to < $1 AND l.state <> 'lukket' FOR UPDATE OF l),
       closed AS (
         UPDATE learning_loop l SET state = 'lukket', snapshot = $2::jsonb, ended_on = ending.valid_to, version = l.version + 1, updated_at = now()
         FROM ending WHERE l.id = ending.id RETURNING l.id, l.unit_id, ending.state AS from_state)
       INSERT INTO transition (unit_id, loop_id, event, from_state, to_state, reason)
       SELECT unit_id, id, 'UNIT_CLOSED', from_state, 'lukket', 'enheden er lukket' FROM closed`,
      [today, JSON.stringify(LEARNING_LOOP_SNAPSHOTS.lukket)],
    );
    return n;
  }

  /**
   * R3: assignment changes re-resolve their unit's obligations in their own
   * transaction (API and import alike); this is the backstop for anything
   * else, such as a direct database edit. Only units changed since the last
   * refresh are touched, so an idle pass does almost nothing.
   */
  private async refreshResponsibles(em: EntityManager, today: LocalDate): Promise<number> {
    const [{ since }] = await em.query(`SELECT responsibles_refreshed_at AS since FROM scheduler_state WHERE id = 1 FOR UPDATE`);
    const [{ now }] = await em.query(`SELECT now() AS now`);
    const n = await refreshResponsibles(
      em,
      // before the first refresh: whatever changed since the first obligation was generated (generation resolved the rest)
      `SELECT DISTINCT unit_id FROM assignment
       WHERE updated_at >= coalesce($1::timestamptz, (SELECT min(created_at) FROM obligation), now())`,
      [since],
      today,
    );
    await em.query(`UPDATE scheduler_state SET responsibles_refreshed_at = $1 WHERE id = 1`, [now]);
    return n;
  }

  /** R71: DEADLINE_PASSED for every planned or scheduled obligation whose due date (R72: last day on time) has passed. */
  private async markOverdue(em: EntityManager, today: LocalDate): Promise<number> {
    const [{ n }] = await em.query(
      `WITH late AS (
         SELECT id, unit_id, loop_id, state FROM obligation
         WHERE state = ANY($3) AND due_on < $1 FOR UPDATE),
       moved AS (
         UPDATE obligation o SET state = 'overdue', snapshot = $2::jsonb, version = o.version + 1, updated_at = now()
         FROM late WHERE o.id = late.id
         RETURNING o.id, o.unit_id, o.loop_id, late.state AS from_state),
       audited AS (
         INSERT INTO transition (unit_id, obligation_id, loop_id, event, from_state, to_state)
         SELECT unit_id, id, loop_id, 'DEADLINE_PASSED', from_state, 'overdue' FROM moved)
       SELECT count(*)::int AS n FROM moved`,
      [today, JSON.stringify(OBLIGATION_SNAPSHOTS.overdue), obligationSourcesOf('DEADLINE_PASSED')],
    );
    return n;
  }

  /**
   * Reminders to the outbox: N days before due (per the loop's framework
   * version) and once overdue, each at most once per obligation, recipient and
   * kind (unique key). Obligations owned by the administration remind every admin.
   * A reminder whose moment has passed is only sent while it still makes
   * sense: a "14 days before" is not sent for something already overdue.
   *
   * Overdue reminders come from what changed since the previous pass, not
   * from every overdue obligation: only an obligation that became overdue or
   * changed hands can need one, and each of those has a newer `updated_at`.
   * The watermark (`scheduler_state.reminders_watermark`) is advanced in the
   * same transaction as the reminders it covers, so a pass that dies leaves it
   * where it was. `updated_at` is its writer's transaction start, so a write
   * that was still running when this pass read could commit later with an
   * older stamp: the next watermark is therefore the start of the oldest
   * writing transaction still open now (this role's sessions; the scheduler
   * and the service run as one role), and never later than this one's.
   */
  private async remind(em: EntityManager, today: LocalDate): Promise<number> {
    const [{ watermark, next }] = await em.query(
      `SELECT s.reminders_watermark AS watermark,
              least(now(), (SELECT min(a.xact_start) FROM pg_stat_activity a
                             WHERE a.datname = current_database() AND a.backend_xid IS NOT NULL AND a.pid <> pg_backend_pid())) AS next
       FROM scheduler_state s WHERE s.id = 1 FOR UPDATE`,
    );
    let total = 0;
    for (const ramme of RAMME_VERSIONS) {
      const offsets = [...ramme.reminders.daysBeforeDue];
      for (const days of offsets) {
        total += await this.insertReminders(em, ramme.id, `before_due_${days}`,
          `o.state IN ('planned', 'scheduled') AND o.due_on >= $3 AND o.due_on <= $4`, [today, addDays(today, days)]);
      }
      if (ramme.reminders.whenOverdue) {
        // Before the first watermark: every overdue obligation, once.
        total += await this.insertReminders(em, ramme.id, 'overdue', `o.state = 'overdue' AND ($3::timestamptz IS NULL OR o.updated_at >= $3::timestamptz)`, [watermark]);
      }
    }
    // Statutory obligations (visits, their documentation, tilsynsrapport, skoleudviklingssamtale …) belong to no loop:
    // they are reminded by the ramme in force today, so they are reminded like every other obligation.
    const current = RAMME_VERSIONS.some((v) => v.effectiveFrom <= today) ? rammeInForce(today) : RAMME_VERSIONS[0]!;
    for (const days of current.reminders.daysBeforeDue) {
      total += await this.insertReminders(em, null, `before_due_${days}`,
        `o.state IN ('planned', 'scheduled') AND o.due_on >= $3 AND o.due_on <= $4`, [today, addDays(today, days)]);
    }
    if (current.reminders.whenOverdue) {
      total += await this.insertReminders(em, null, 'overdue', `o.state = 'overdue' AND ($3::timestamptz IS NULL OR o.updated_at >= $3::timestamptz)`, [watermark]);
    }
    await em.query(`UPDATE scheduler_state SET reminders_watermark = $1 WHERE id = 1`, [next]);
    return total;
  }

  /**
   * `condition` may use $3, $4 … for `bounds`. `rammeId` null: the obligations without a learning loop (statutory).
   * Recipients per reminderRecipients (the one visibility rule; R91).
   */
  private async insertReminders(em: EntityManager, rammeId: string | null, kind: string, condition: string, bounds: unknown[]): Promise<number> {
    const source = rammeId === null
      ? `obligation o WHERE o.loop_id IS NULL AND $1::text IS NULL`
      : `obligation o JOIN learning_loop l ON l.id = o.loop_id WHERE l.ramme_id = $1`;
    const [{ n }] = await em.query(
      `WITH candidates AS (
         SELECT o.id, o.responsible_person_id, o.responsible_role FROM ${source} AND ${condition}),
       recipients AS (${reminderRecipients('candidates')}),
       inserted AS (
         INSERT INTO reminder (obligation_id, recipient_person_id, kind)
         SELECT r.id, r.person_id, $2::text FROM recipients r
         -- skipping what was sent before keeps an idle pass cheap; the unique key still guards races
         WHERE NOT EXISTS (SELECT 1 FROM reminder x WHERE x.obligation_id = r.id AND x.recipient_person_id = r.person_id AND x.kind = $2::text)
         ON CONFLICT (obligation_id, recipient_person_id, kind) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [rammeId, kind, ...bounds],
    );
    return n;
  }
}
