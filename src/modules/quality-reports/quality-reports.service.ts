import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { yearOf } from '../../../workflows/calendar/local-date';
import { rammeInForce } from '../../../workflows/ramme';
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
import { ConflictError, NotFoundError, RuleError } from '../../common/errors';
import type { Page } from '../../common/pagination';
import { LearningLoopsService } from '../learning-loops';
import { appendTransition, QualityReport, refusalError } from '../obligations';
import { useStoredSnapshot } from '../../common/stored-snapshot';

/** The council's quality reports and their milestones (R10–R13). */
@Injectable()
export class QualityReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loops: LearningLoopsService,
  ) {}

  async create(input: { ageArea: AgeArea; year: number; themes: string[] }, actorId: string | null): Promise<QualityReport> {
    const wrongYear = reportYearAllowed(input.ageArea, input.year);
    if (wrongYear) throw new RuleError(wrongYear.rule, wrongYear.message, { field: 'year' });
    const themes = [...new Set(input.themes.map((t) => t.trim()))];
    return this.db.transaction(async (em) => {
      const exists = await em.getRepository(QualityReport).existsBy({ ageArea: input.ageArea, year: input.year });
      if (exists) throw new ConflictError(`Der findes allerede en kvalitetsrapport for ${input.ageArea} år ${input.year}`);
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
        }),
      );
      await appendTransition(em, { actorPersonId: actorId, qualityReportId: report.id, event: 'CREATED', fromState: null, toState: report.state, payload: { themes } });
      return report;
    });
  }

  /**
   * Records the next milestone of the cycle (R11). The byråd's treatment
   * (R13) closes the age area's open loops and starts the new ones, with
   * their obligations, in the same transaction.
   */
  async recordMilestone(id: string, milestone: QualityReportMilestone, date: LocalDate, actorId: string | null, expectedVersion?: number) {
    return this.db.transaction(async (em) => {
      const report = await em.getRepository(QualityReport).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!report) throw new NotFoundError('Kvalitetsrapporten findes ikke');
      if (expectedVersion !== undefined && expectedVersion !== report.version) {
        throw new ConflictError('Kvalitetsrapporten er ændret siden du hentede den', { state: report.state, event: milestone });
      }
      useStoredSnapshot('qualityReport', report);
      const result = qualityReportTransition(report.snapshot as QualityReportSnapshot, { type: 'MILESTONE', milestone, date });
      if (!result.ok) throw refusalError(result.refusal);
      if (milestone === LOOP_ANCHOR_MILESTONE) await assertTreatmentDate(em, report, date);
      const fromState = report.state;
      report.state = result.state;
      report.snapshot = result.snapshot;
      report.updatedAt = new Date();
      let loopsStarted = 0;
      if (milestone === LOOP_ANCHOR_MILESTONE) report.byraadBehandletOn = date;
      await em.getRepository(QualityReport).save(report);
      await appendTransition(em, { actorPersonId: actorId, qualityReportId: report.id, event: `MILESTONE:${milestone}`, fromState, toState: report.state, payload: { date } });
      if (milestone === LOOP_ANCHOR_MILESTONE) loopsStarted = await this.loops.startLoops(em, report, date, actorId);
      return { report, loopsStarted };
    });
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
    throw new RuleError('R13', `Den seneste rapport for ${report.ageArea} år blev behandlet ${latest}; en ny behandling skal ligge efter den`, { field: 'date' });
  }
  try {
    rammeInForce(date);
  } catch {
    throw new RuleError('R73', `Ingen version af rammen gælder ${date}`, { field: 'date' });
  }
}
