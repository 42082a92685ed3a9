import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { unitTypesOf } from '../../../workflows/domain';
import type { AgeArea, LocalDate } from '../../../workflows/domain';
import { LEARNING_LOOP_MACHINE_VERSION, LEARNING_LOOP_SNAPSHOTS } from '../../../workflows/learning-loop/learning-loop.machine';
import { expectedTreatmentDate, rammeInForce } from '../../../workflows/ramme';
import { Clock } from '../../common/clock';
import { LoopReplanner, ObligationGenerator } from '../obligations';

/** Hears how many of `total` steps are done. */
export type StepProgress = (done: number, total: number) => Promise<void>;
/** startLoops's steps: re-plan the running loops, close them, open the new ones, generate their obligations. */
const START_LOOP_STEPS = 4;

/**
 * Starts and closes learning loops, set-based (R13, R30): the byråd's
 * treatment of a report closes every open loop of the age area and starts a
 * new one for every active unit, under the framework version then in force
 * (R73). Every loop change is appended to the audit trail in the same statement.
 */
@Injectable()
export class LearningLoopsService {
  constructor(
    private readonly generator: ObligationGenerator,
    private readonly replanner: LoopReplanner,
    private readonly clock: Clock,
  ) {}

  /**
   * `progress` hears the steps as they finish (done of 4: re-plan, close,
   * open, generate the obligations), for a job's progress bar.
   */
  async startLoops(em: EntityManager, report: { id: string; ageArea: AgeArea }, treatedOn: LocalDate, actorId: string | null, progress?: StepProgress): Promise<number> {
    const started = await this.openLoops(em, report, treatedOn, actorId, progress);
    await this.generator.generate(em);
    await progress?.(START_LOOP_STEPS, START_LOOP_STEPS);
    return started;
  }

  /** The loops alone, without their obligations (the scheduler's generation step, or startLoops, adds those). */
  async openLoops(em: EntityManager, report: { id: string; ageArea: AgeArea }, treatedOn: LocalDate, actorId: string | null, progress?: StepProgress): Promise<number> {
    await progress?.(0, START_LOOP_STEPS);
    await this.replanToActualTreatment(em, report, treatedOn, actorId);
    await progress?.(1, START_LOOP_STEPS);
    await this.closeOpenLoops(em, report, treatedOn, actorId);
    await progress?.(2, START_LOOP_STEPS);
    const ramme = rammeInForce(treatedOn);
    const [{ n }] = await em.query(
      `WITH started AS (
         INSERT INTO learning_loop (unit_id, quality_report_id, age_area, ramme_id, starts_on, expected_end_on, state, snapshot, machine_version)
         SELECT u.id, $1, $2, $3, $4, $5, 'runde1', $6::jsonb, $7
         FROM unit u
         WHERE u.type = ANY($8) AND u.valid_from <= $4 AND (u.valid_to IS NULL OR u.valid_to >= $4)
         ON CONFLICT (unit_id, quality_report_id) DO NOTHING
         RETURNING id, unit_id),
       audited AS (
         INSERT INTO transition (actor_person_id, unit_id, loop_id, quality_report_id, event, from_state, to_state)
         SELECT $9, unit_id, id, $1, 'LOOP_STARTED', NULL, 'runde1' FROM started)
       SELECT count(*)::int AS n FROM started`,
      [
        report.id,
        report.ageArea,
        ramme.id,
        treatedOn,
        expectedTreatmentDate(treatedOn, ramme),
        JSON.stringify(LEARNING_LOOP_SNAPSHOTS.runde1),
        LEARNING_LOOP_MACHINE_VERSION,
        unitTypesOf(report.ageArea),
        actorId,
      ],
    );
    await progress?.(3, START_LOOP_STEPS);
    return n;
  }

  /**
   * R30/R33: a loop runs until the next treatment. When that comes earlier or
   * later than the loop expected, its open obligations are planned again up to
   * the actual date (windows added or moved, the loopopsamling to before the
   * treatment); what the new plan no longer has is cancelled with that reason,
   * never silently.
   */
  private async replanToActualTreatment(em: EntityManager, report: { id: string; ageArea: AgeArea }, treatedOn: LocalDate, actorId: string | null): Promise<void> {
    await this.moveLoopEnds(em, report, treatedOn, actorId, `næste kvalitetsrapport behandlet ${treatedOn}`);
  }

  /**
   * R13/R33: the expected treatment of the next report, recorded in advance,
   * re-plans the running loops of the age area toward it.
   */
  async planTowardExpectedTreatment(em: EntityManager, report: { id: string; ageArea: AgeArea }, expectedOn: LocalDate, actorId: string | null): Promise<number> {
    return this.moveLoopEnds(em, report, expectedOn, actorId, `forventet behandling af næste kvalitetsrapport ${expectedOn}`);
  }

  /**
   * The running loops of the age area (other than the report's own) now end on `endOn`; their open
   * obligations are re-planned toward it, and what no longer fits is cancelled with `reason`. Returns how many moved.
   */
  private async moveLoopEnds(em: EntityManager, report: { id: string; ageArea: AgeArea }, endOn: LocalDate, actorId: string | null, reason: string): Promise<number> {
    const moved: { id: string }[] = await em.query(
      // A CTE, because TypeORM answers a bare UPDATE … RETURNING with [rows, count] rather than rows.
      `WITH moved AS (
         UPDATE learning_loop SET expected_end_on = $3, version = version + 1, updated_at = now()
         WHERE age_area = $1 AND state <> 'lukket' AND quality_report_id <> $2 AND starts_on < $3 AND expected_end_on <> $3
         RETURNING id)
       SELECT id FROM moved`,
      [report.ageArea, report.id, endOn],
    );
    await this.replanner.replan(em, moved.map((l) => l.id), actorId, reason, this.clock.today());
    return moved.length;
  }

  /**
   * R30: the next report's treatment closes the loops of its age area. Their
   * open obligations were re-planned up to the treatment date above; what is
   * still open stays open (it can be completed, and is reported late), so
   * nothing drops out of the audit (R33).
   */
  private async closeOpenLoops(em: EntityManager, report: { id: string; ageArea: AgeArea }, treatedOn: LocalDate, actorId: string | null) {
    await em.query(
      `WITH open AS (
         SELECT id, unit_id, state FROM learning_loop
         WHERE age_area = $1 AND state <> 'lukket' AND quality_report_id <> $2 AND starts_on < $3
         FOR UPDATE),
       closed AS (
         UPDATE learning_loop l SET state = 'lukket', snapshot = $4::jsonb, ended_on = $3, version = l.version + 1, updated_at = now()
         FROM open WHERE l.id = open.id
         RETURNING l.id, l.unit_id, open.state AS from_state)
       INSERT INTO transition (actor_person_id, unit_id, loop_id, quality_report_id, event, from_state, to_state)
       SELECT $5, unit_id, id, $2, 'NEXT_REPORT_TREATED', from_state, 'lukket' FROM closed`,
      [report.ageArea, report.id, treatedOn, JSON.stringify(LEARNING_LOOP_SNAPSHOTS.lukket), actorId],
    );
  }

  /**
   * A unit that opens mid-loop joins the current loop of its age area (the
   * loop of the latest treated report), and gets what falls due from its start.
   */
  async joinNewUnits(em: EntityManager, today: LocalDate): Promise<number> {
    const [{ n }] = await em.query(
      `WITH current AS (
         SELECT DISTINCT ON (age_area) id, age_area FROM quality_report
         WHERE byraad_behandlet_on IS NOT NULL AND byraad_behandlet_on <= $1
         ORDER BY age_area, byraad_behandlet_on DESC),
       template AS (
         SELECT DISTINCT ON (l.quality_report_id) l.quality_report_id, l.ramme_id, l.starts_on, l.expected_end_on
         FROM learning_loop l JOIN current c ON c.id = l.quality_report_id),
       joined AS (
         INSERT INTO learning_loop (unit_id, quality_report_id, age_area, ramme_id, starts_on, expected_end_on, state, snapshot, machine_version)
         SELECT u.id, c.id, c.age_area, t.ramme_id, t.starts_on, t.expected_end_on, 'runde1', $2::jsonb, $3
         FROM unit u
         JOIN current c ON c.age_area = CASE WHEN u.type = 'dagtilbud' THEN '0-6' ELSE '6-18' END
         JOIN template t ON t.quality_report_id = c.id
         WHERE u.valid_from <= $1 AND (u.valid_to IS NULL OR u.valid_to >= $1) AND u.valid_from < t.expected_end_on
         ON CONFLICT (unit_id, quality_report_id) DO NOTHING
         RETURNING id, unit_id, quality_report_id),
       audited AS (
         INSERT INTO transition (unit_id, loop_id, quality_report_id, event, from_state, to_state, reason)
         SELECT unit_id, id, quality_report_id, 'UNIT_JOINED', NULL, 'runde1', 'ny enhed' FROM joined)
       SELECT count(*)::int AS n FROM joined`,
      [today, JSON.stringify(LEARNING_LOOP_SNAPSHOTS.runde1), LEARNING_LOOP_MACHINE_VERSION],
    );
    return n;
  }
}
