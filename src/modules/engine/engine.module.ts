import { DynamicModule, Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { TimelineService } from './timeline.service';
import { LearningLoopsService } from './learning-loops.service';
import { ObligationGenerator } from './obligation-generator';
import { ObligationsController } from './obligations.controller';
import { ObligationsService } from './obligations.service';
import { QualityReportsController } from './quality-reports.controller';
import { QualityReportsService } from './quality-reports.service';
import { SchedulerCron } from './scheduler.cron';
import { SchedulerService } from './scheduler.service';

/** Quality reports, learning loops, obligations and the scheduler that keeps them current. */
@Module({})
export class EngineModule {
  static forRoot(options: { cron: boolean }): DynamicModule {
    return {
      module: EngineModule,
      // Global: the demo and the audit read through the engine's services without a second instance of its controllers.
      global: true,
      controllers: [QualityReportsController, ObligationsController, MeController],
      providers: [
        AccessService,
        ObligationGenerator,
        LearningLoopsService,
        QualityReportsService,
        ObligationsService,
        SchedulerService,
        TimelineService,
        MeService,
        ...(options.cron ? [SchedulerCron] : []),
      ],
      exports: [QualityReportsService, ObligationsService, SchedulerService, AccessService, MeService, TimelineService, LearningLoopsService],
    };
  }
}
