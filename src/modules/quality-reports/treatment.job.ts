import { Injectable, OnModuleInit } from '@nestjs/common';
import type { LocalDate } from '../../../workflows/domain';
import { JobsService } from '../jobs';
import type { QualityReportResponse } from './dto/quality-report.dto';
import { toQualityReportResponse } from './quality-report.mapper';
import { QualityReportsService } from './quality-reports.service';

/** The byråd's treatment (R13) as a job: opening the loops of an age area takes a minute at national scale. */
export const TREATMENT_JOB = 'byraadsbehandling';

export interface TreatmentJobInput {
  reportId: string;
  /** The treatment date, Europe/Copenhagen calendar date YYYY-MM-DD. */
  date: LocalDate;
  /** The report's version the administrator saw (409 in the job's errors if it changed meanwhile). */
  version?: number;
}

@Injectable()
export class TreatmentJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly reports: QualityReportsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register<TreatmentJobInput, QualityReportResponse>(TREATMENT_JOB, async (input, context) => {
      const { report, loopsStarted } = await this.reports.recordTreatment(input.reportId, input.date, context.startedBy, input.version, context.progress);
      return toQualityReportResponse(report, loopsStarted);
    });
  }

  /** Checks the treatment as the synchronous milestone would (refusals answer now), then enqueues it. */
  async start(input: TreatmentJobInput, actorId: string): Promise<{ id: string }> {
    await this.reports.checkMilestone(input.reportId, 'byraad_behandlet', input.date, input.version);
    return this.jobs.enqueue(TREATMENT_JOB, input, actorId);
  }
}
