import { Module } from '@nestjs/common';
import { ObligationsModule } from '../obligations';
import { TilsynModule } from './tilsyn.module';
import { OrganisationModule } from '../organisation';
import { SkaerpetTilsynService } from './skaerpet-tilsyn.service';
import { SkoleudviklingGenerator } from './skoleudvikling.generator';
import { StatutoryAudit } from './statutory-audit';
import { StatutoryScheduler } from './statutory-scheduler';
import { TilsynCalendar } from './tilsyn-calendar';
import { TilsynFollowUpController } from './tilsyn-followup.controller';
import { TilsynsrapportService } from './tilsynsrapport.service';

/**
 * The statutory follow-up of tilsyn (R93–R96): skoleudviklingssamtaler,
 * skærpet tilsyn with its handleplan and the board's comments, tilsynsrapporter
 * and the audit's statutory checks.
 */
@Module({
  imports: [OrganisationModule, ObligationsModule, TilsynModule],
  controllers: [TilsynFollowUpController],
  providers: [StatutoryScheduler, SkoleudviklingGenerator, TilsynCalendar, SkaerpetTilsynService, TilsynsrapportService, StatutoryAudit],
  exports: [StatutoryScheduler, SkoleudviklingGenerator, SkaerpetTilsynService, TilsynsrapportService, StatutoryAudit],
})
export class StatutoryFollowUpModule {}
