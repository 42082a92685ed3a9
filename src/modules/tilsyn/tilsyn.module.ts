import { Module } from '@nestjs/common';
import { ObligationsModule } from '../obligations';
import { OrganisationModule } from '../organisation';
import { EnhederController } from './enheder.controller';
import { SkaerpetTilsynHook } from './skaerpet-tilsyn.hook';
import { TilsynService } from './tilsyn.service';
import { VisitsController } from './visits.controller';

/** Statutory tilsyn (R4, R74, R90–R97): enheder, visits, their duties. */
@Module({
  imports: [OrganisationModule, ObligationsModule],
  controllers: [EnhederController, VisitsController],
  providers: [TilsynService, SkaerpetTilsynHook],
  exports: [TilsynService, SkaerpetTilsynHook],
})
export class TilsynModule {}
