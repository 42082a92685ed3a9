import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { DemoHistory } from './demo-history';
import { DemoService } from './demo.service';

/** The engine's services come from the global EngineModule. */
@Module({ imports: [OrganisationModule], providers: [DemoService, DemoHistory], exports: [DemoService, DemoHistory] })
export class DemoModule {}
