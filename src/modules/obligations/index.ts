/** The obligations module's public face: other modules import from here, never from its files. */
export { ObligationsModule } from './obligations.module';
export { bookingWarnings, ObligationsService } from './obligations.service';
export type { Actor, CompletionInput } from './obligations.service';
export { CompletionHooks } from './completion-hooks';
export type { CompletionHook } from './completion-hooks';
export { DATAPAKKE_JOB, DATAPAKKE_RELEASE_JOB, DatapakkeJob } from './datapakke.job';
export type { DatapakkeJobInput, DatapakkeReleaseJobInput } from './datapakke.job';
export { TimelineService } from './timeline.service';
export { CompleteDto, PublishDatapakkerDto, ReasonDto, ReviewDto, ScheduleDto } from './dto/obligation.dto';
export { AccessService } from './access.service';
export { ObligationGenerator } from './obligation-generator';
export { LoopReplanner, NO_LONGER_PLANNED } from './loop-replanner';
export { DatapakkeReleasesService } from './datapakke-releases.service';
export { EkstraOpfoelgningService } from './ekstra-opfoelgning.service';
export { RecordEkstraDto } from './ekstra-opfoelgning.controller';
export { appendTransition } from './audit-trail';
export type { TransitionRecord } from './audit-trail';
export { refusalError } from './refusal';
export { canActOn, canSeeObligation, participatesIn, plannedColumn, reminderRecipients, seesPlannedDate, seesPlannedDateSql, visibleTo } from './visibility';
export { BoardReportReview, LearningLoop, Obligation, QualityReport } from './obligation.entities';
export { DatapakkeRelease } from './datapakke-release.entity';
import { BoardReportReview, LearningLoop, Obligation, QualityReport } from './obligation.entities';
import { DatapakkeRelease } from './datapakke-release.entity';

/** The tables of the statecharts' records; obligations reference their loop and its report, so all four live at this level. */
export const OBLIGATION_ENTITIES = [QualityReport, LearningLoop, Obligation, BoardReportReview, DatapakkeRelease];
