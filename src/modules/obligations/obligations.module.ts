import { DatapakkeJob } from './datapakke.job';
import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation';
import { AccessService } from './access.service';
import { TimelineService } from './timeline.service';
import { ObligationGenerator } from './obligation-generator';
import { ObligationsController } from './obligations.controller';
import { ObligationsService } from './obligations.service';
import { CompletionHooks } from './completion-hooks';
import { LoopReplanner } from './loop-replanner';
import { FrameworkVersionsController } from './framework-versions.controller';
import { EkstraOpfoelgningController } from './ekstra-opfoelgning.controller';
import { EkstraOpfoelgningService } from './ekstra-opfoelgning.service';
import { DatapakkeReleasesController } from './datapakke-releases.controller';
import { DatapakkeReleasesService } from './datapakke-releases.service';

/** Obligations: their lifecycle and transitions, the audit trail, who sees and may act on them, and their generation from a loop's plan. */
@Module({
  imports: [OrganisationModule],
  controllers: [ObligationsController, DatapakkeReleasesController, EkstraOpfoelgningController, FrameworkVersionsController],
  providers: [CompletionHooks, DatapakkeJob, AccessService, ObligationGenerator, ObligationsService, TimelineService, LoopReplanner, EkstraOpfoelgningService, DatapakkeReleasesService],
  exports: [CompletionHooks, DatapakkeJob, ObligationsService, AccessService, TimelineService, ObligationGenerator, LoopReplanner, DatapakkeReleasesService, EkstraOpfoelgningService],
})
export class ObligationsModule {}
