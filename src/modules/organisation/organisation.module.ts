import { Module } from '@nestjs/common';
import { OrganisationImportService } from './import/organisation-import.service';
import { ImportController } from './import/import.controller';
import { ImportJob } from './import/import.job';
import { OrganisationController } from './organisation.controller';
import { OrganisationService } from './organisation.service';
import { UnitPeopleController } from './unit-people.controller';
import { PersonNamesService } from './person-names';
import { EnhederService } from './enheder.service';

@Module({
  controllers: [OrganisationController, ImportController, UnitPeopleController],
  providers: [OrganisationService, OrganisationImportService, PersonNamesService, EnhederService, ImportJob],
  exports: [OrganisationService, OrganisationImportService, PersonNamesService, EnhederService, ImportJob],
})
export class OrganisationModule {}
