import { Module } from '@nestjs/common';
import { OrganisationImportService } from './import/organisation-import.service';
import { ImportController } from './import/import.controller';
import { OrganisationController } from './organisation.controller';
import { OrganisationService } from './organisation.service';

@Module({
  controllers: [OrganisationController, ImportController],
  providers: [OrganisationService, OrganisationImportService],
  exports: [OrganisationService, OrganisationImportService],
})
export class OrganisationModule {}
