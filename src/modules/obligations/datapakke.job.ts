import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AgeArea, LocalDate } from '../../../workflows/domain';
import { Clock } from '../../common/clock';
import { RuleError } from '../../common/errors';
import { JobsService } from '../jobs';
import { DatapakkeReleasesService, type ReleaseInput } from './datapakke-releases.service';
import { ObligationsService } from './obligations.service';

/** Publishing the current round's datapakker of a whole age area (R40, R41) as a job: thousands of units at national scale. */
export const DATAPAKKE_JOB = 'datapakke-udgivelse';
/** A half-year's datapakke release (R42) as a job: it publishes the whole age area's datapakker (R41). */
export const DATAPAKKE_RELEASE_JOB = 'halvaarsudgivelse';

export interface DatapakkeJobInput {
  ageArea: AgeArea;
  /** R41: the publishing date, fixed when the job is started, so a rerun dates them alike. Europe/Copenhagen YYYY-MM-DD. */
  publishedOn: LocalDate;
}

export type DatapakkeReleaseJobInput = ReleaseInput & { publishedOn: LocalDate; variant: string };

/**
 * Both jobs publish the area's units a batch of 500 at a time inside one
 * transaction, reporting units done of the units due, and mark the job done
 * in that same transaction (JobContext.finishIn): an attempt that dies leaves
 * nothing, and one that committed is found done by its rerun.
 */
@Injectable()
export class DatapakkeJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly obligations: ObligationsService,
    private readonly releases: DatapakkeReleasesService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.jobs.register<DatapakkeJobInput, { published: number }>(DATAPAKKE_JOB, async (input, context) => {
      const actor = { personId: context.startedBy, admin: true };
      return this.db.transaction(async (em) => {
        const result = await this.obligations.publishDatapakkerByUnits({ ageArea: input.ageArea, publishedOn: input.publishedOn }, actor, em, context.progress);
        await context.finishIn(em, result);
        return result;
      });
    });
    this.jobs.register<DatapakkeReleaseJobInput, unknown>(DATAPAKKE_RELEASE_JOB, async (input, context) => {
      const actor = { personId: context.startedBy, admin: true };
      return this.db.transaction(async (em) => {
        const release = await this.releases.createIn(em, input, actor, context.progress);
        const result = {
          id: release.id,
          ageArea: release.ageArea,
          halfYear: release.halfYear,
          variant: release.variant,
          publishedOn: release.publishedOn,
          note: release.note,
          published: release.published,
        };
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

  /**
   * R41, R42: checks the release as the synchronous call did (403/422/400/409
   * answer the request), then enqueues it; the job makes the release and
   * publishes the area's datapakker. The date is fixed now, so a rerun dates alike.
   */
  async startRelease(input: ReleaseInput, actor: { personId: string; admin: boolean }): Promise<{ id: string }> {
    const checked = await this.releases.check(input, actor);
    return this.jobs.enqueue<DatapakkeReleaseJobInput>(DATAPAKKE_RELEASE_JOB, checked, actor.personId);
  }
}
