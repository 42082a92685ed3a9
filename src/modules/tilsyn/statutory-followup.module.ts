import { Module } from '@nestjs/common';
import { ObligationsModule } from '../obligations';
import { OrganisationModule } from '../organisation';
import { SkoleudviklingGenerator } from './skoleudvikling.generator';

/**
 * The statutory follow-up of tilsyn (R93–R96): skoleudviklingssamtaler,
 * skærpet tilsyn with its handleplan and the board's comments, tilsynsrapporter
 * and the audit's statutory checks.
 */
@Module({
  imports: [OrganisationModule, ObligationsModule],
  controllers: [],
  providers: [SkoleudviklingGenerator],
  exports: [SkoleudviklingGenerator],
})
export class StatutoryFollowUpModule {}
