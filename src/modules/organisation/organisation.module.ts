import { Module } from '@nestjs/common';
import { OrganisationImportService } from './import/organisation-import.service';
import { ImportController } from './import/import.controller';
import { OrganisationController } from './organisation.controller';
import { OrganisationService } from './organisation.service';
import { UnitPeopleController } from './unit-people.controller';

@Module({
  controllers: [OrganisationController, ImportController, UnitPeopleController],
  providers: [OrganisationService, OrganisationImportService],
  exports: [OrganisationService, OrganisationImportService],
})
export class OrganisationModule {}
