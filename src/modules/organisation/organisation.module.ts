import { Module } from '@nestjs/common';
import { OrganisationImportService } from './import/organisation-import.service';
import { ImportController } from './import/import.controller';
import { OrganisationController } from './organisation.controller';
import { OrganisationService } from './organisation.service';
import { UnitPeopleController } from './unit-people.controller';
import { PersonNamesService } from './person-names';

@Module({
  controllers: [OrganisationController, ImportController, UnitPeopleController],
  providers: [OrganisationService, OrganisationImportService, PersonNamesService],
  exports: [OrganisationService, OrganisationImportService, PersonNamesService],
})
export class OrganisationModule {}
