import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { yearOf } from '../../../workflows/calendar/local-date';
import { AGE_AREA_LABELS } from '../../../workflows/labels';
import { expectedTreatmentDate, rammeById, rammeInForce } from '../../../workflows/ramme';
import {
  checkMilestoneCorrection,
  checkMilestoneNotInFuture,
  checkPlannedTreatment,
  PLANNED_TREATMENT,
  type PlannedTreatment,
} from '../../../workflows/quality-report/milestone-dates.rules';
import type { AgeArea, LocalDate } from '../../../workflows/domain';
import {
  initialQualityReportSnapshot,
  LOOP_ANCHOR_MILESTONE,
  QUALITY_REPORT_MACHINE_VERSION,
  QualityReportMilestone,
  QualityReportSnapshot,
  qualityReportTransition,
  reportYearAllowed,
} from '../../../workflows/quality-report/quality-report.machine';
import { Clock } from '../../common/clock';
import { ConflictError, NotFoundError, RuleError } from '../../common/errors';
import type { Page } from '../../common/pagination';
import { LearningLoopsService } from '../learning-loops';
import { appendTransition, LoopReplanner, NO_LONGER_PLANNED, QualityReport, refusalError } from '../obligations';
import { OBLIGATION_SNAPSHOTS } from '../../../workflows/obligation/obligation.machine';
import { useStoredSnapshot } from '../../common/stored-snapshot';

/** The council's quality reports and their milestones (R10–R13). */
@Injectable()
export class QualityReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loops: LearningLoopsService,
    private readonly replanner: LoopReplanner,
    private readonly clock: Clock,
  ) {}

  async create(input: { ageArea: AgeArea; year: number; themes: string[] }, actorId: string | null): Promise<QualityReport> {
    const wrongYear = reportYearAllowed(input.ageArea, input.year);
    if (wrongYear) throw new RuleError(wrongYear.rule, wrongYear.message, { field: 'year' });
    const themes = [...new Set(input.themes.map((t) => t.trim()))];
    return this.db.transaction(async (em) => {
      const exists = await em.getRepository(QualityReport).existsBy({ ageArea: input.ageArea, year: input.year });
      if (exists) throw new ConflictError(`Der findes allerede en kvalitetsrapport for ${AGE_AREA_LABELS[input.ageArea]} ${input.year}`);
      const snapshot = initialQualityReportSnapshot();
      const report = await em.getRepository(QualityReport).save(
        em.getRepository(QualityReport).create({
          ageArea: input.ageArea,
          year: input.year,
          themes,
          state: String(snapshot.value),
          snapshot,
          machineVersion: QUALITY_REPORT_MACHINE_VERSION,
          byraadBehandletOn: null,
          byraadPlanlagtOn: null,
        }),
      );
      await appendTransition(em, { actorPersonId: actorId, qualityReportId: report.id, event: 'CREATED', fromState: null, toState: report.state, payload: { themes } });
      return report;
    });
  }

  /**
   * Records the next milestone of the cycle (R11). The byråd's treatment
   * (R13) closes the age area's open loops and starts the new ones, with
   * their obligations, in the same transaction (at national scale a minute:
   * the API runs it as a job, see recordTreatment).
   */
  async recordMilestone(id: string, milestone: QualityReportMilestone | PlannedTreatment, date: LocalDate, actorId: string | null, expectedVersion?: number) {
    if (milestone === PLANNED_TREATMENT) return this.recordPlannedTreatment(id, date, actorId, expectedVersion);
    return this.db.transaction(async (em) => {
      const { report, result } = await this.checkedMilestone(em, id, milestone, date, expectedVersion, true);
      return this.applyMilestone(em, report, result, milestone, date, actorId);
    });
  }

  /**
   * Every check recordMilestone makes (404, 409 stale version, R11 order and
   * date, R13/R73 for the treatment), without writing: what a request checks
   * before it hands the treatment to a job, so a refusal is still its answer.
   */
  async checkMilestone(id: string, milestone: QualityReportMilestone, date: LocalDate, expectedVersion?: number): Promise<void> {
    await this.db.transaction('REPEATABLE READ', (em) => this.checkedMilestone(em, id, milestone, date, expectedVersion, false));
  }

  /**
   * The byråd's treatment as a job's attempt (R13): the same as
   * recordMilestone, and the same result when it runs again after an attempt
   * that committed and then died: a report already treated on `date` is not
   * treated again, and the result counts the report's loops rather than the
   * rows one attempt inserted. `progress` hears the steps (done of total).
   */
  async recordTreatment(id: string, date: LocalDate, actorId: string | null, expectedVersion: number | undefined, progress?: (done: number, total: number) => Promise<void>) {
    return this.db.transaction(async (em) => {
      const locked = await em.getRepository(QualityReport).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (locked?.byraadBehandletOn === date) {
        await progress?.(1, 1);
        return { report: locked, loopsStarted: await loopsOf(em, id) };
      }
      const { report, result } = await this.checkedMilestone(em, id, LOOP_ANCHOR_MILESTONE, date, expectedVersion, true);
      await this.applyMilestone(em, report, result, LOOP_ANCHOR_MILESTONE, date, actorId, progress);
      return { report, loopsStarted: await loopsOf(em, id) };
    });
  }

  private async checkedMilestone(em: EntityManager, id: string, milestone: QualityReportMilestone, date: LocalDate, expectedVersion: number | undefined, lock: boolean) {
    const future = checkMilestoneNotInFuture(milestone, date, this.clock.today());
    if (future) throw new RuleError(future.rule, future.message, { field: 'date' });
    const report = await em.getRepository(QualityReport).findOne({ where: { id }, ...(lock && { lock: { mode: 'pessimistic_write' as const } }) });
    if (!report) throw new NotFoundError('Kvalitetsrapporten findes ikke');
    if (expectedVersion !== undefined && expectedVersion !== report.version) {
      throw new ConflictError('Kvalitetsrapporten er ændret siden du hentede den', { state: report.state, event: milestone });
    }
    useStoredSnapshot('qualityReport', report);
    const result = qualityReportTransition(report.snapshot as QualityReportSnapshot, { type: 'MILESTONE', milestone, date });
    if (!result.ok) throw refusalError(result.refusal);
    if (milestone === LOOP_ANCHOR_MILESTONE) await assertTreatmentDate(em, report, date);
    return { report, result };
  }

  private async applyMilestone(
    em: EntityManager,
    report: QualityReport,
    result: { state: string; snapshot: unknown },
    milestone: QualityReportMilestone,
    date: LocalDate,
    actorId: string | null,
    progress?: (done: number, total: number) => Promise<void>,
  ) {
    const fromState = report.state;
    report.state = result.state;
    report.snapshot = result.snapshot as QualityReport['snapshot'];
    report.updatedAt = new Date();
    let loopsStarted = 0;
    if (milestone === LOOP_ANCHOR_MILESTONE) report.byraadBehandletOn = date;
    await em.getRepository(QualityReport).save(report);
    await appendTransition(em, { actorPersonId: actorId, qualityReportId: report.id, event: `MILESTONE:${milestone}`, fromState, toState: report.state, payload: { date } });
    if (milestone === LOOP_ANCHOR_MILESTONE) loopsStarted = await this.loops.startLoops(em, report, date, actorId, progress);
    return { report, loopsStarted };
  }

  /**
   * R13: the expected treatment date of a report not yet treated. It may lie
   * ahead; recording it again replaces it. The running loops of the age area
   * are re-planned toward it (R33: their loopopsamling).
   */
  private async recordPlannedTreatment(id: string, date: LocalDate, actorId: string | null, expectedVersion?: number) {
    return this.db.transaction(async (em) => {
      const report = await this.lockReport(em, id, expectedVersion, PLANNED_TREATMENT);
      const [{ previous }] = await em.query(
        `SELECT max(byraad_behandlet_on)::text AS previous FROM quality_report WHERE age_area = $1 AND id <> $2`,
        [report.ageArea, report.id],
      );
      const refused = checkPlannedTreatment({ year: report.year, treatedOn: report.byraadBehandletOn, previousTreatment: previous }, date);
      if (refused) throw new RuleError(refused.rule, refused.message, { field: 'date' });
      const from = report.byraadPlanlagtOn;
      report.byraadPlanlagtOn = date;
      report.updatedAt = new Date();
      await em.getRepository(QualityReport).save(report);
      await appendTransition(em, { actorPersonId: actorId, qualityReportId: report.id, event: `MILESTONE:${PLANNED_TREATMENT}`, fromState: report.state, toState: report.state, payload: { date, previous: from } });
      await this.loops.planTowardExpectedTreatment(em, report, date, actorId);
      return { report, loopsStarted: 0 };
    });
  }

  /**
   * R11: an administrator corrects a wrongly recorded milestone date, with a
   * reason kept in the audit trail. A corrected treatment date (R13) moves the
   * start of the loops it started and the end of the loops it closed, and both
   * are re-planned (R33).
   */
  async correctMilestone(id: string, milestone: QualityReportMilestone, date: LocalDate, reason: string, actorId: string | null, expectedVersion?: number) {
    const today = this.clock.today();
    return this.db.transaction(async (em) => {
      const report = await this.lockReport(em, id, expectedVersion, `CORRECT:${milestone}`);
      const snapshot = report.snapshot as QualityReportSnapshot;
      const dates = { ...snapshot.context.dates };
      const refused = checkMilestoneCorrection(dates, milestone, date, reason, today);
      if (refused) throw new RuleError(refused.rule, refused.message, { field: 'date' });
      const from = dates[milestone]!;
      if (from === date) return { report, loopsStarted: 0 };
      if (milestone === LOOP_ANCHOR_MILESTONE) await this.moveTreatment(em, report, from, date, reason.trim(), actorId, today);
      dates[milestone] = date;
      report.snapshot = { ...snapshot, context: { ...snapshot.context, dates } };
      if (milestone === LOOP_ANCHOR_MILESTONE) report.byraadBehandletOn = date;
      report.updatedAt = new Date();
      await em.getRepository(QualityReport).save(report);
      await appendTransition(em, {
        actorPersonId: actorId, qualityReportId: report.id, event: `CORRECTED:${milestone}`, fromState: report.state, toState: report.state,
        reason: reason.trim(), payload: { from, to: date },
      });
      return { report, loopsStarted: 0 };
    });
  }

  private async moveTreatment(em: EntityManager, report: QualityReport, from: LocalDate, to: LocalDate, reason: string, actorId: string | null, today: LocalDate) {
    if (yearOf(to) !== report.year) {
      throw new RuleError('R13', `Byrådet behandler kvalitetsrapporten for ${report.year} i ${report.year}; ${to} ligger i et andet år`, { field: 'date' });
    }
    const [{ previous, next }] = await em.query(
      `SELECT max(byraad_behandlet_on) FILTER (WHERE byraad_behandlet_on < $3)::text AS previous,
              min(byraad_behandlet_on) FILTER (WHERE byraad_behandlet_on > $3)::text AS next
       FROM quality_report WHERE age_area = $1 AND id <> $2`,
      [report.ageArea, report.id, from],
    );
    if (previous && to <= previous) throw new RuleError('R13', `Den forrige rapport for ${AGE_AREA_LABELS[report.ageArea]} blev behandlet ${previous}; behandlingen skal ligge efter den`, { field: 'date' });
    if (next && to >= next) throw new RuleError('R13', `Den næste rapport for ${AGE_AREA_LABELS[report.ageArea]} blev behandlet ${next}; behandlingen skal ligge før den`, { field: 'date' });
    const loops: { id: string; ramme_id: string; expected_end_on: string }[] = await em.query(
      `SELECT id, ramme_id, expected_end_on::text FROM learning_loop WHERE quality_report_id = $1 FOR UPDATE`,
      [report.id],
    );
    let ramme;
    try {
      ramme = rammeInForce(to);
    } catch {
      throw new RuleError('R73', `Ingen version af rammen gælder ${to}`, { field: 'date' });
    }
    if (loops.some((l) => l.ramme_id !== ramme.id)) {
      throw new RuleError('R73', `Loopene startede under rammen ${loops[0]!.ramme_id}; den ${to} gælder ${ramme.id}. Datoen kan ikke rettes over en ny version af rammen`, { field: 'date' });
    }
    // What was held in the loops cannot move before their new start (R31).
    const [held] = await em.query(
      `SELECT kind, sequence, completed_on::text FROM obligation WHERE loop_id = ANY($1) AND state = 'completed' AND completed_on < $2
         AND kind <> 'datapakke' ORDER BY completed_on LIMIT 1`,
      [loops.map((l) => l.id), to],
    );
    if (held) {
      throw new RuleError('R11', `${held.kind} ${held.sequence} er holdt ${held.completed_on}, før den rettede behandlingsdato ${to}; ret eller genåbn den først`, { field: 'date' });
    }
    const oldExpected = expectedTreatmentDate(from, rammeById(ramme.id));
    await em.query(
      `UPDATE learning_loop SET starts_on = $2,
              expected_end_on = CASE WHEN expected_end_on = $3 THEN $4::date ELSE expected_end_on END,
              version = version + 1, updated_at = now()
       WHERE quality_report_id = $1`,
      [report.id, to, oldExpected, expectedTreatmentDate(to, ramme)],
    );
    await em.query(
      `INSERT INTO transition (actor_person_id, unit_id, loop_id, quality_report_id, event, from_state, to_state, reason, payload)
       SELECT $2, unit_id, id, quality_report_id, 'LOOP_START_CORRECTED', state, state, $3, jsonb_build_object('from', $4::text, 'to', $5::text)
       FROM learning_loop WHERE quality_report_id = $1`,
      [report.id, actorId, reason, from, to],
    );
    const why = `behandlingsdatoen rettet fra ${from} til ${to}: ${reason}`;
    await this.replanner.replan(em, loops.map((l) => l.id), actorId, why, today);
    // The loops this treatment closed now end on the corrected date.
    const closed: { id: string }[] = await em.query(
      `WITH moved AS (
         UPDATE learning_loop SET ended_on = $3, expected_end_on = $3, version = version + 1, updated_at = now()
         WHERE age_area = $1 AND state = 'lukket' AND ended_on = $2 AND quality_report_id <> $4 RETURNING id)
       SELECT id FROM moved`,
      [report.ageArea, from, to, report.id],
    );
    const closedIds = closed.map((l) => l.id);
    if (closedIds.length === 0) return;
    // A later date gives the closed loops back the windows the wrong date took from them.
    await em.query(
      `WITH back AS (
         SELECT id, unit_id, loop_id, CASE WHEN due_on < $3 THEN 'overdue' WHEN scheduled_on IS NULL THEN 'planned' ELSE 'scheduled' END AS state
         FROM obligation WHERE loop_id = ANY($1) AND state = 'cancelled' AND due_on < $2 AND (reason LIKE $4 OR reason = 'ny kvalitetsrapport behandlet')
         FOR UPDATE),
       reinstated AS (
         UPDATE obligation o SET state = back.state, snapshot = ($5::jsonb) -> back.state, reason = NULL, version = o.version + 1, updated_at = now()
         FROM back WHERE o.id = back.id RETURNING o.id, o.unit_id, o.loop_id, back.state)
       INSERT INTO transition (actor_person_id, unit_id, obligation_id, loop_id, event, from_state, to_state, reason)
       SELECT $6, unit_id, id, loop_id, 'REINSTATED', 'cancelled', state, $7 FROM reinstated`,
      [closedIds, to, today, `${NO_LONGER_PLANNED}%`, JSON.stringify(OBLIGATION_SNAPSHOTS), actorId, why],
    );
    await this.replanner.replan(em, closedIds, actorId, why, today);
  }

  private async lockReport(em: EntityManager, id: string, expectedVersion: number | undefined, event: string): Promise<QualityReport> {
    const report = await em.getRepository(QualityReport).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!report) throw new NotFoundError('Kvalitetsrapporten findes ikke');
    if (expectedVersion !== undefined && expectedVersion !== report.version) {
      throw new ConflictError('Kvalitetsrapporten er ændret siden du hentede den', { state: report.state, event });
    }
    return report;
  }

  async get(id: string): Promise<QualityReport> {
    const report = await this.db.getRepository(QualityReport).findOneBy({ id });
    if (!report) throw new NotFoundError('Kvalitetsrapporten findes ikke');
    return report;
  }

  async list(query: { ageArea?: AgeArea; limit: number; offset: number }): Promise<Page<QualityReport>> {
    const [items, total] = await this.db.getRepository(QualityReport).findAndCount({
      where: query.ageArea ? { ageArea: query.ageArea } : {},
      order: { year: 'DESC', ageArea: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total };
  }
}

/** The loops a treatment started: the result of a treatment job, the same however many attempts it took. */
async function loopsOf(em: EntityManager, reportId: string): Promise<number> {
  const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM learning_loop WHERE quality_report_id = $1`, [reportId]);
  return n;
}

/**
 * R13: the byråd treats a report in its own year, after the previous report
 * of the age area (whose loops it closes), under a framework version in force
 * on that date (R73). Anything else would leave two open loops per unit.
 */
async function assertTreatmentDate(em: EntityManager, report: QualityReport, date: LocalDate): Promise<void> {
  if (yearOf(date) !== report.year) {
    throw new RuleError('R13', `Byrådet behandler kvalitetsrapporten for ${report.year} i ${report.year}; ${date} ligger i et andet år`, { field: 'date' });
  }
  const [{ latest }] = await em.query(
    `SELECT max(byraad_behandlet_on)::text AS latest FROM quality_report WHERE age_area = $1 AND id <> $2`,
    [report.ageArea, report.id],
  );
  if (latest && date <= latest) {
    throw new RuleError('R13', `Den seneste rapport for ${AGE_AREA_LABELS[report.ageArea]} blev behandlet ${latest}; en ny behandling skal ligge efter den`, { field: 'date' });
  }
  try {
    rammeInForce(date);
  } catch {
    throw new RuleError('R73', `Ingen version af rammen gælder ${date}`, { field: 'date' });
  }
}
