import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AgeArea, LocalDate } from '../../../workflows/domain';
import { Clock } from '../../common/clock';
import { RuleError } from '../../common/errors';
import { JobsService } from '../jobs';
import { ObligationsService } from './obligations.service';

/** Publishing the current round's datapakker of a whole age area (R40, R41) as a job: thousands of units at national scale. */
export const DATAPAKKE_JOB = 'datapakke-udgivelse';

export interface DatapakkeJobInput {
  ageArea: AgeArea;
  /** R41: the publishing date, fixed when the job is started, so a rerun dates them alike. Europe/Copenhagen YYYY-MM-DD. */
  publishedOn: LocalDate;
}

@Injectable()
export class DatapakkeJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly obligations: ObligationsService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register<DatapakkeJobInput, { published: number }>(DATAPAKKE_JOB, async (input, context) => {
      await context.progress(0, 1);
      // The publishing and the job's completion commit together: a rerun after a crash finds the job done.
      return this.db.transaction(async (em) => {
        const result = await this.obligations.publishDatapakker({ ageArea: input.ageArea, publishedOn: input.publishedOn }, { personId: context.startedBy, admin: true }, em);
        await context.finishIn(em, result);
        return result;
      });
    });
  }

  /**
   * R41: only an administrator publishes, dated no later than today (checked
   * now, so a refusal is the request's answer); then enqueues the age area.
   */
  async start(input: { ageArea: AgeArea; publishedOn?: LocalDate }, actor: { personId: string; admin: boolean }): Promise<{ id: string }> {
    if (!actor.admin) throw new RuleError('R41', 'Kun forvaltningen (en administrator) kan offentliggøre datapakker');
    const today = this.clock.today();
    const publishedOn = input.publishedOn ?? today;
    if (publishedOn > today) throw new RuleError('R41', `En datapakke dateres, når den offentliggøres; ${publishedOn} ligger efter i dag (${today})`, { field: 'publishedOn' });
    return this.jobs.enqueue<DatapakkeJobInput>(DATAPAKKE_JOB, { ageArea: input.ageArea, publishedOn }, actor.personId);
  }
}
