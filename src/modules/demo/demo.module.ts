import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation';
import { ObligationsModule } from '../obligations';
import { QualityReportsModule } from '../quality-reports';
import { StatutoryFollowUpModule } from '../tilsyn';
import { DemoHistory } from './demo-history';
import { DemoService } from './demo.service';

@Module({ imports: [OrganisationModule, ObligationsModule, QualityReportsModule, StatutoryFollowUpModule], providers: [DemoService, DemoHistory], exports: [DemoService, DemoHistory] })
export class DemoModule {}
