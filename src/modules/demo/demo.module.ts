import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { DemoService } from './demo.service';

@Module({ imports: [OrganisationModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
