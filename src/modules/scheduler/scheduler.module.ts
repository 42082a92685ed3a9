import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '../audit';
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
      // The cron also prepares the coverage audit after its pass (AuditModule).
      imports: [ObligationsModule, LearningLoopsModule, TilsynModule, StatutoryFollowUpModule, ...(options.cron ? [AuditModule] : [])],
      providers: [SchedulerService, ...(options.cron ? [SchedulerCron] : [])],
      exports: [SchedulerService],
    };
  }
}
