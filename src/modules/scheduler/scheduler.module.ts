import { DynamicModule, Module } from '@nestjs/common';
import { LearningLoopsModule } from '../learning-loops';
import { ObligationsModule } from '../obligations';
import { StatutoryFollowUpModule, TilsynModule } from '../tilsyn';
import { SchedulerCron } from './scheduler.cron';
import { SchedulerService } from './scheduler.service';

/** The daily pass that keeps loops, obligations and their responsibles current. */
@Module({})
export class SchedulerModule {
  static forRoot(options: { cron: boolean }): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [ObligationsModule, LearningLoopsModule, TilsynModule, StatutoryFollowUpModule],
      providers: [SchedulerService, ...(options.cron ? [SchedulerCron] : [])],
      exports: [SchedulerService],
    };
  }
}
