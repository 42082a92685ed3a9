import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation';
import { AccessService } from './access.service';
import { TimelineService } from './timeline.service';
import { ObligationGenerator } from './obligation-generator';
import { ObligationsController } from './obligations.controller';
import { ObligationsService } from './obligations.service';

/** Obligations: their lifecycle and transitions, the audit trail, who sees and may act on them, and their generation from a loop's plan. */
@Module({
  imports: [OrganisationModule],
  controllers: [ObligationsController],
  providers: [AccessService, ObligationGenerator, ObligationsService, TimelineService],
  exports: [ObligationsService, AccessService, ObligationGenerator],
})
export class ObligationsModule {}
