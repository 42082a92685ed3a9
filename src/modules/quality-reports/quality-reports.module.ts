import { Module } from '@nestjs/common';
import { LearningLoopsModule } from '../learning-loops';
import { ObligationsModule } from '../obligations';
import { QualityReportsController } from './quality-reports.controller';
import { QualityReportsService } from './quality-reports.service';
import { TreatmentJob } from './treatment.job';

/** Quality reports: one per age area and year, whose milestones start the learning loops. */
@Module({
  imports: [LearningLoopsModule, ObligationsModule],
  controllers: [QualityReportsController],
  providers: [QualityReportsService, TreatmentJob],
  exports: [QualityReportsService, TreatmentJob],
})
export class QualityReportsModule {}
